# Client pages (src/views/client). Keep the English wording as it is: outside checks
# read it.

## Dates, times, sizes
date = { $day } { $month } { $year }
datetime = { $date }, { $time } { $zone }
month-1 = Jan
month-2 = Feb
month-3 = Mar
month-4 = Apr
month-5 = May
month-6 = Jun
month-7 = Jul
month-8 = Aug
month-9 = Sep
month-10 = Oct
month-11 = Nov
month-12 = Dec
size-bytes = { $n ->
    [one] { $n } byte
   *[other] { $n } bytes
}
size-kb = kB
size-mb = MB
size-gb = GB
size-tb = TB
size-pb = PB

## Statuses
status-planned = Planned
status-in-progress = In progress
status-done = Done
status-blocked = Blocked
status-pending = Pending
status-approved = Approved
status-changes-requested = Changes requested
status-withdrawn = Withdrawn
status-active = Active
status-on-hold = On hold
due = Due
overdue = overdue

## Shared pieces
overview = Overview
team = Team
add-comment = Add a comment
your-comment = Your comment
post-comment = Post comment
version-n = Version { $n }
latest = Latest
uploaded = Uploaded
sent-by-your-team = sent by your team
uploaded-by = by { $name }
download = Download
file-version = { $name }, version { $n }

## Layout
skip-to-content = Skip to content
signed-in-as = Signed in as
via-private-link = via a private link — do not forward.
breadcrumb = Breadcrumb
private-to = This page is private to { $client }. Visits, downloads and decisions made through this link are recorded in the project record.
bare-privacy = Client pages are reached only through private links. We never show project details without a valid link.

## Overview
where-things-stand = Where things stand
your-projects-with = Your projects with { $brand }, as of
completed = Completed
completed-empty = Nothing has been completed recently. Finished milestones will show up here.
in-progress = In progress
in-progress-empty = Nothing is in progress right now.
projects = Projects
projects-empty = There are no projects to show yet.
needs-your-decision = Needs your decision
needs-decision-empty = Nothing needs your decision right now. We will email you when something does.
needs-decision-more = …and { $count } more waiting for your decision, each on its project’s page.
no-due-date = No due date
review-and-decide = Review and decide
completed-on = Completed
what-happens-next = What happens next
next-empty = Nothing is planned yet. Next steps will show up here.
next-step = Next step:
planned-for = Planned for
more-on-project-page = and { $n } more on the project page
milestones-done = { $done } of { $total } { $total ->
    [one] milestone done
   *[other] milestones done
}
items-wait = { $n } { $n ->
    [one] item waits
   *[other] items wait
} for your decision
needs-your-action = Needs your action
your-requests = Your requests
invite-a-colleague = Invite a colleague

## Project
on-this-page = On this page
milestones = Milestones
files = Files
approvals = Approvals
other = Other
files-and-approvals = Files and approvals
activity = Activity
milestones-empty = No milestones have been planned yet.
updates = Updates
comments = Comments
files-empty = No files have been shared yet.
versions = Versions
approvals-empty = Nothing has been sent for approval yet.
waiting-for-your-decision = Waiting for your decision
waiting-empty = Nothing waits for your decision in this project.
decided = Decided
recent-activity = Recent activity
activity-empty = No activity yet.
someone = Someone
activity-milestone-completed = Milestone completed: { $subject }
activity-update = { $actor } posted an update on { $subject }
activity-file-version = { $actor } uploaded { $subject } (version { $n })
activity-approval-requested = Approval requested: { $subject }
activity-approved = { $actor } approved { $subject }
activity-changes = { $actor } requested changes to { $subject }
activity-comment = { $actor } commented on { $subject }

## Approval
project-label = Project:
was-due = Was due
requested = Requested
decision-not-recorded = Your decision was not recorded yet
go-to-decision = Go to your decision
you-decided = You decided:
waiting-for-others = This approval is waiting for the other approvers.
view-only-decision = This approval is waiting for a decision. This link may view it but not decide; ask { $brand } if you should be the one to decide.
waiting-for-a-decision = This approval is waiting for a decision.
withdrawn-callout = { $brand } withdrew this request. There is nothing to decide.
earlier-rounds = Earlier rounds
no-comments-yet = No comments yet.
approvers = Approvers
still-to-decide-one = still to decide
did-not-decide = did not decide
still-to-decide = Still to decide
rule-any = One approval is enough; any request for changes ends the round.
rule-all = All { $approvers } approvers must approve; any request for changes ends the round.
rule-at-least = At least { $n } of { $approvers } approvers must approve; any request for changes ends the round.
the-deliverable = The deliverable
no-file-attached = No file is attached: this approval is about the work described above.
code-from-email = Code from your email
your-decision = Your decision
choose-one = Choose one. Your typed name, the time and the exact version are recorded as evidence, and { $brand } is told straight away.
code-intro = Before you decide, we mail a 6-digit code to your own address. It works for 10 minutes.
email-me-a-code = Email me a code
approve = Approve
your-full-name = Your full name
approve-version-final = I approve version { $n } of { $name } as final
approve-title-final = I approve “{ $title }” as final
approve-version = Approve version { $n }
or = or
request-changes = Request changes
what-should-change = What should change?
decision-recorded = Decision recorded
decision = Decision
comment = Comment
name-typed = Name typed
contact-email = Contact email
date-and-time = Date and time ({ $zone })
version = Version
version-of = { $n } of { $name }
audit-record = Audit record
audit-no = No. { $seq }
audit-hash = Audit hash
print-receipt = Print this receipt:
print-receipt-how = use your browser's Print command (Ctrl+P, or ⌘P on a Mac) to print it or save it as a PDF for your records.
withdrawn-summary = Withdrawn: no decision needed.
waiting-summary = Waiting for a decision.
decision-sentence = { $decision } by { $name } on { $date }
version-in-brackets = (version { $n })

## Refusals and notices
bad-request-title = Request not understood
bad-request-heading = We could not use that request
bad-request-next = Please go back, check what you entered and try again.
conflict-title = That conflicts with the record
conflict-heading = That no longer fits the record
conflict-next = Please go back and reload the page to see how things stand now.
approval-withdrawn = This approval was withdrawn
approval-already-decided = This approval was already decided
submission-on = Your submission on
was-not-recorded = was not recorded.
not-what-you-meant = If this decision is not what you meant, please reply to the email you received from { $brand }.
back-to-approval = Back to the approval
see-recorded-decision = See the recorded decision
newer-version-uploaded = A newer version was uploaded
your-decision-on = Your decision on
stale-explained = was not recorded: while you had the page open, a newer version was uploaded. Please look at it before deciding.
new-version-of = New: version { $n } of { $name }
review-version = Review version { $n }
link-expired-title = This link has expired
link-expired-heading = This link has expired or was replaced
link-expired-why = Private links to your project pages only work for a limited time, and a link stops working when a newer one is sent. This keeps your project safe if an old email is forwarded or found.
link-expired-renew = We can email a fresh link to the address this link was sent to. For your security, the address is not shown here.
send-fresh-link = Send me a fresh link
link-withdrawn-title = This link no longer works
link-withdrawn-why = { $brand } has withdrawn this link, so it cannot open the project pages any more and no fresh link can be sent for it.
link-withdrawn-next = If you think you should still have access, please contact your usual contact at { $brand }.
not-allowed-title = Not allowed with this link
not-allowed-next = If you should be able to do this, ask your contact at { $brand } for a link that allows it.
back-to-page = Back to the page
not-found-title = This link is not valid
not-found-lead = We could not find a page at this address.
not-found-next = If you opened it from an email, check that the whole link was copied. If it still does not work, ask your contact at { $brand } to send you a new one.
portal-closed-title = This portal is closed
portal-closed-lead = { $brand } has closed this client portal, so its pages are no longer available.
portal-closed-contact = For files, decisions or questions, please contact
portal-closed-usual = For files, decisions or questions, please contact your usual contact at { $brand }.
rate-limited-title = Too many requests
rate-limited-lead = This page was asked for too often in a short time.
rate-limited-next = Please wait a minute, then try again.
renew-sent-title = Check your inbox
renew-sent-lead = If this link belongs to an address on file, a fresh link is on its way. Check your inbox.
renew-sent-next = It can take a few minutes to arrive; please also look in your spam folder. The old link stays switched off.
server-error-title = Something went wrong
server-error-heading = Something went wrong on our side
server-error-lead = Nothing you did caused this. Please try again in a few minutes.
server-error-next = If it keeps happening, let your contact at { $brand } know.

## File requests
any-kind-of-file = any kind of file
accepted-up-to = { $kinds }, up to { $size }
choose-a-file = Choose a file
accepted = Accepted:
send-file = Send file
send-files = Send files
files-we-asked-for = Files we asked you for
files-sent = { $n } { $n ->
    [one] file sent
   *[other] files sent
}
asked = Asked
sent-so-far = Sent so far
nothing-sent-yet = Nothing has been sent yet.
sent-on-by = Sent { $date } by { $name }
send-a-file = Send a file
view-only-file-request = This link may view this request but not send files for it.

## Forms
answers-saved = Your answers were saved
answers-not-saved = Your answers were not saved yet
form-closed = This form is closed and takes no more answers.
view-only-form = This link may view this form but not answer it.
send-answers = Send answers
required = (required)
yes = Yes
no = No

## Invite
invite-lead = Your colleague gets a private link of their own by email. They can see and download what you see, but not comment or decide.
invite-sent = Your colleague is invited: their link is on its way. Invite another below if you like.
their-full-name = Their full name
their-email = Their email address
send-invitation = Send the invitation

## Requests
request-open = Open
request-waiting-on-you = Waiting on you
reply = Reply
your-reply = Your reply
send-reply = Send reply
requests = Requests
requests-lead = Ask { $brand } for something, and follow the answers here.
request-not-sent = Your request was not sent yet
no-requests-yet = No requests yet.
opened-on-by = Opened { $date } by { $name }
forms-to-fill-in = Forms to fill in
fill-in-the-form = Fill in the form
open-a-request = Open a request
subject = Subject
about = About
nothing-in-particular = Nothing in particular
what-do-you-need = What do you need?
send-request = Send request
waiting-on-your-answer = Waiting on your answer
read-and-reply = Read and reply

## Checking a receipt
file = File
date-in-zone = Date ({ $zone })
verify-genuine = Genuine
verify-genuine-receipt = This receipt is in the chain, unaltered. It records this decision:
verify-genuine-other = Audit record No. { $seq } is in the chain, unaltered. It is not a decision, so there is nothing more to show.
verify-altered = Altered
verify-altered-why = This receipt does not match the chain: audit record No. { $seq } exists, but its hash is different. Either the receipt or the record has been changed.
verify-not-found = Not found
verify-no-record = There is no audit record No. { $seq } in the chain.
verify-no-file = No decision in the chain was made on a file with this content.
verify-found = Found in the chain
verify-file-decided = This exact file was decided on, unaltered:
verify-title = Check a decision receipt
verify-lead = Every decision made through { $brand } is written into a hash chain, and its receipt names the record number and hash. Enter them here, or choose the file that was decided on, to see whether the record still says what the receipt says.
verify-a-receipt = A receipt
verify-seq = Audit record number
verify-hash = Audit hash (64 characters)
verify-check-receipt = Check the receipt
verify-a-file = A file
verify-the-file = The file that was decided on
verify-file-not-kept = The file is read to compute its SHA-256 and is not kept.
verify-check-file = Check the file

## Record approvals
record-label = Record:
record-deciding = You are deciding on this record as it stands now.
record-see = See the record
record-fingerprint = Its fingerprint (SHA-256):

## Confirmation, receipt details and previews
confirm-approved-title = Your approval is recorded
confirm-changes-title = Your request for changes is recorded
confirm-what-version-of = version { $n } of { $name }
confirm-what-version = version { $n }
confirm-you-approved = You approved { $what } on { $when }.
confirm-you-asked-changes = You asked for changes to { $what } on { $when }.
confirm-they-approved = { $name } approved { $what } on { $when }.
confirm-they-asked-changes = { $name } asked for changes to { $what } on { $when }.
see-the-receipt = See the receipt
receipt-details = Details for your records
receipt-details-explained = The fingerprint (SHA-256) proves which exact file you decided on; the audit record is the entry in our tamper-evident log.
file-fingerprint = File fingerprint (SHA-256)
preview-alt = Preview of { $name }, version { $n }
preview-page-1-shown = Page 1 shown.
preview-page = Page { $n }

## Record lists
list-photos = { $n ->
    [one] { $n } photo
   *[other] { $n } photos
}
list-signed = Signed
list-file-attached = File attached
list-filter-by-stage = Filter by stage
list-all = All
list-sort-by = Sort by
list-reference = Reference
list-ascending = { $label } (ascending)
list-descending = { $label } (descending)
list-sort = Sort
list-empty = Nothing here yet.
list-next-page = Next page
list-download-csv = Download as CSV
list-your-records = Your records
list-updated = updated
list-details = Details
list-decisions = Decisions

## /verify refusals
verify-malformed = This address is malformed.
verify-bad-seq = The audit record number is the whole number after “No.” on the receipt.
verify-bad-hash = The audit hash is the 64 characters (0-9 and a-f) under “Audit hash” on the receipt.
verify-choose-file = Please choose a file with the form below.
verify-file-too-large = This file is larger than the server accepts.
verify-upload-cut = The upload was cut off. Please try again.

## Refusals a client reads
decision-error-name = Please type your full name.
decision-error-confirm = Please tick the box to confirm your approval.
decision-error-comment = Please say what should change.
decision-error-stale = A newer version was uploaded since this page was opened.
decision-error-decided = This approval was already decided.
decision-error-decided-by-you = You have already decided on this version.
decision-error-withdrawn = This approval was withdrawn.
decision-error-code-required = Please enter the code we mailed you (use “Email me a code”).
decision-error-code-wrong = That code is not right, or it has expired: check it, or ask for a new one.
message-answer-required = Please answer this question.
message-form-expired = This form has expired. Please go back, reload the page and try again.
message-form-unreadable = The form could not be read. Please go back, reload the page and try again.
message-form-closed = This form is closed and takes no more answers.

## Reports and the client's copy
month-short-1 = Jan
month-short-2 = Feb
month-short-3 = Mar
month-short-4 = Apr
month-short-5 = May
month-short-6 = Jun
month-short-7 = Jul
month-short-8 = Aug
month-short-9 = Sep
month-short-10 = Oct
month-short-11 = Nov
month-short-12 = Dec
reports = Reports
reports-lead = Figures from your records for the { $n } months up to { $date }.
reports-csv = Download these figures as CSV
reports-none = There are no records to report on yet.
report-rows-total = { $total ->
    [one] 1 row in all
   *[other] { $total } rows in all
}, { $window } of them in the last { $n } months.
report-basis-column = Each row counts in the month of its “{ $label }”; rows without one count in the month they were added.
report-basis-created = Each row counts in the month it was added.
report-list-empty = Nothing to report for this list yet.
report-rows-per-month = Rows per month
report-sum-per-month = { $label } per month
report-sum-per-month-currency = { $label } ({ $currency }) per month
report-per-month-table = { $name }: figures per month
report-month = Month
report-rows = Rows
report-total = Total
report-rows-per-stage = { $label }: rows per stage
report-see-table = The same figures are in the table that follows.
report-csv-list = List
report-csv-figure = Figure
report-csv-period = Period
report-csv-value = Value
report-csv-unit = Unit
reports-link = Reports
export-everything = Download a copy of everything
