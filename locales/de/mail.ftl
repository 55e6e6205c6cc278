# E-Mails an Kundenkontakte auf Deutsch.

mail-greeting = Hallo { $name },
mail-paste-hint = Falls die Schaltfläche nicht funktioniert, kopieren Sie diese Adresse in Ihren Browser:
mail-personal = Dieser Link ist nur für Sie bestimmt: Bitte leiten Sie ihn nicht weiter.
mail-works-until = Er gilt bis { $until }; danach bietet die Seite an, Ihnen einen neuen zu schicken.
mail-open-portal = Ihr Projektportal öffnen
mail-file = Datei
mail-file-version = { $name } (Version { $n })
mail-project = Projekt
mail-due = Fällig am

mail-invite-subject = Ihr Link zum Projektportal von { $client }
mail-invite-your-projects = Ihre Projekte
mail-invite-project = „{ $project }“
mail-invite-lead = { $brand } hält Sie auf einer persönlichen Seite über { $what } auf dem Laufenden: was erledigt ist, was in Arbeit ist, was Ihre Entscheidung braucht und wie es weitergeht.
mail-invite-no-account = Sie brauchen weder Konto noch Passwort: Die Schaltfläche unten öffnet die Seite.

mail-fresh-subject = Ihr neuer Link zum Projektportal von { $client }
mail-fresh-lead = Sie haben einen neuen Link zu Ihrem Projektportal angefordert. Hier ist er; der alte Link bleibt gesperrt.
mail-fresh-not-you = Falls Sie ihn nicht angefordert haben, können Sie diese Nachricht ignorieren: Der Link ging nur an Sie.

mail-update-subject-one = Neuigkeit zu { $project }: { $milestone }
mail-update-subject-project = { $n } Neuigkeiten zu { $project }
mail-update-subject-many = { $n } Projektneuigkeiten für { $client }
mail-update-lead = { $n ->
    [one] Es gibt Neues zu Ihrem Projekt:
   *[other] Es gibt { $n } Neuigkeiten zu Ihren Projekten:
}
mail-update-meta = { $author }, { $at }
mail-update-button = Ihre Projektseite ansehen

mail-approval-subject-requested = Ihre Entscheidung ist gefragt: { $title }
mail-approval-subject-reopened = Neue Version zur Entscheidung: { $title }
mail-approval-subject-due = Fällig am { $due }: { $title }
mail-approval-subject-reminder = Erinnerung: { $title } wartet auf Ihre Entscheidung
mail-approval-lead-requested = { $brand } bittet um Ihre Entscheidung zu „{ $title }“ im Projekt { $project }.
mail-approval-lead-reopened = Eine neue Version liegt vor, daher braucht „{ $title }“ im Projekt { $project } noch einmal Ihre Entscheidung.
mail-approval-lead-reminder = „{ $title }“ im Projekt { $project } wartet seit dem { $since } auf Ihre Entscheidung.
mail-approval-how = Auf der Seite können Sie freigeben oder Änderungen anfordern; Ihre Entscheidung wird mit genau der Version gespeichert, die Sie gesehen haben.
mail-approval-button = Ansehen und entscheiden

mail-receipt-subject = { $decision ->
    [approve] Ihr Beleg: Sie haben { $title } freigegeben
   *[changes] Ihr Beleg: Sie haben Änderungen an { $title } angefordert
}
mail-receipt-lead = { $decision ->
    [approve] Sie haben „{ $title }“ im Projekt { $project } freigegeben. { $brand } hat es wie folgt gespeichert.
   *[changes] Sie haben Änderungen an „{ $title }“ im Projekt { $project } angefordert. { $brand } hat es wie folgt gespeichert.
}
mail-receipt-keep = Bewahren Sie diese Nachricht auf: Mit der Eintragsnummer und dem Hash unten kann jeder später prüfen, dass Ihre Entscheidung unverändert in der Akte steht.
mail-receipt-decision = Entscheidung
mail-receipt-approved = Freigegeben
mail-receipt-changes = Änderungen gewünscht
mail-receipt-name = Eingetippter Name
mail-receipt-recorded = Gespeichert
mail-receipt-file-sha = SHA-256 der Datei
mail-receipt-audit-record = Protokolleintrag
mail-receipt-audit-no = Nr. { $seq }
mail-receipt-audit-hash = Protokoll-Hash
mail-receipt-check-at = Prüfen unter
mail-receipt-chain = Der Protokolleintrag ist ein Glied einer Hash-Kette: Wer einen früheren Eintrag ändert oder entfernt, ändert auch diesen Hash.

mail-code-subject = Ihr Code für die Entscheidung zu { $title }
mail-code-lead = Ihr Code für die Entscheidung zu „{ $title }“ lautet { $code }
mail-code-how = Geben Sie ihn im Entscheidungsformular ein. Er gilt 10 Minuten.
mail-code-not-you = Falls Sie diesen Code nicht angefordert haben, können Sie diese Nachricht ignorieren: Ohne ihn kann niemand in Ihrem Namen entscheiden.
