# Mail to client contacts (src/mail/wording.rs). Keep the English wording as it is:
# outside checks read it.

mail-greeting = Hello { $name },
mail-paste-hint = If the button does not work, paste this address into your browser:
mail-personal = This link is personal to you: please do not forward it.
mail-works-until = It works until { $until }; after that, the page it opens offers to mail you a fresh one.
mail-open-portal = Open your project portal
mail-file = File
mail-file-version = { $name } (version { $n })
mail-project = Project
mail-due = Due

mail-invite-subject = Your link to the { $client } project portal
mail-invite-your-projects = your projects
mail-invite-project = “{ $project }”
mail-invite-lead = { $brand } keeps you up to date on { $what } on a private page: what is done, what is in progress, what needs your decision and what happens next.
mail-invite-no-account = No account or password is needed: the button below opens it.

mail-fresh-subject = Your fresh link to the { $client } project portal
mail-fresh-lead = You asked for a fresh link to your project portal. Here it is; the old link stays closed.
mail-fresh-not-you = If you did not ask for this, you can ignore this message: the link was sent to you only.

mail-update-subject-one = Update on { $project }: { $milestone }
mail-update-subject-project = { $n } updates on { $project }
mail-update-subject-many = { $n } project updates for { $client }
mail-update-lead = { $n ->
    [one] There is news on your project:
   *[other] There are { $n } new updates on your projects:
}
mail-update-meta = { $author }, { $at }
mail-update-button = See your project page

mail-approval-subject-requested = Your decision is needed: { $title }
mail-approval-subject-reopened = New version for your decision: { $title }
mail-approval-subject-due = Due { $due }: { $title }
mail-approval-subject-reminder = Reminder: { $title } awaits your decision
mail-approval-lead-requested = { $brand } asks for your decision on “{ $title }” in { $project }.
mail-approval-lead-reopened = A new version is ready, so “{ $title }” in { $project } needs your decision again.
mail-approval-lead-reminder = “{ $title }” in { $project } has been waiting for your decision since { $since }.
mail-approval-how = You can approve it or ask for changes on the page; your decision is recorded with the exact version you saw.
mail-approval-button = Review and decide

mail-receipt-subject = { $decision ->
    [approve] Your receipt: you approved { $title }
   *[changes] Your receipt: you asked for changes to { $title }
}
mail-receipt-lead = { $decision ->
    [approve] You approved “{ $title }” in { $project }. { $brand } recorded it as follows.
   *[changes] You asked for changes to “{ $title }” in { $project }. { $brand } recorded it as follows.
}
mail-receipt-keep = Keep this message: with the record number and hash below, anyone can check later that your decision is still in the record, unchanged.
mail-receipt-decision = Decision
mail-receipt-approved = Approved
mail-receipt-changes = Changes requested
mail-receipt-name = Name typed
mail-receipt-recorded = Recorded
mail-receipt-file-sha = File SHA-256
mail-receipt-audit-record = Audit record
mail-receipt-audit-no = No. { $seq }
mail-receipt-audit-hash = Audit hash
mail-receipt-check-at = Check it at
mail-receipt-chain = The audit record is one link of a hash chain: changing or removing any earlier record would change this hash.

mail-code-subject = Your code to decide on { $title }
mail-code-lead = Your code to decide on “{ $title }” is { $code }
mail-code-how = Type it into the decision form. It works for 10 minutes.
mail-code-not-you = If you did not ask for this code, you can ignore this message: nobody can decide in your name without it.
