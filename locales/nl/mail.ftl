# E-mails aan klantcontacten in het Nederlands.

mail-greeting = Beste { $name },
mail-paste-hint = Werkt de knop niet? Plak dan dit adres in uw browser:
mail-personal = Deze link is persoonlijk: stuur hem alstublieft niet door.
mail-works-until = Hij werkt tot { $until }; daarna biedt de pagina die hij opent aan u een nieuwe te mailen.
mail-open-portal = Uw projectportaal openen
mail-file = Bestand
mail-file-version = { $name } (versie { $n })
mail-project = Project
mail-due = Uiterlijk

mail-invite-subject = Uw link naar het projectportaal van { $client }
mail-invite-your-projects = uw projecten
mail-invite-project = ‘{ $project }’
mail-invite-lead = { $brand } houdt u op een persoonlijke pagina op de hoogte van { $what }: wat klaar is, wat bezig is, wat uw besluit nodig heeft en wat er nu komt.
mail-invite-no-account = U hebt geen account of wachtwoord nodig: de knop hieronder opent de pagina.

mail-fresh-subject = Uw nieuwe link naar het projectportaal van { $client }
mail-fresh-lead = U vroeg om een nieuwe link naar uw projectportaal. Hier is hij; de oude link blijft gesloten.
mail-fresh-not-you = Hebt u hier niet om gevraagd? Dan kunt u dit bericht negeren: de link is alleen naar u gestuurd.

mail-update-subject-one = Nieuws over { $project }: { $milestone }
mail-update-subject-project = { $n } nieuwe berichten over { $project }
mail-update-subject-many = { $n } projectberichten voor { $client }
mail-update-lead = { $n ->
    [one] Er is nieuws over uw project:
   *[other] Er zijn { $n } nieuwe berichten over uw projecten:
}
mail-update-meta = { $author }, { $at }
mail-update-button = Uw projectpagina bekijken

mail-approval-subject-requested = Uw besluit is nodig: { $title }
mail-approval-subject-reopened = Nieuwe versie voor uw besluit: { $title }
mail-approval-subject-due = Uiterlijk { $due }: { $title }
mail-approval-subject-reminder = Herinnering: { $title } wacht op uw besluit
mail-approval-lead-requested = { $brand } vraagt uw besluit over ‘{ $title }’ in { $project }.
mail-approval-lead-reopened = Er is een nieuwe versie, dus ‘{ $title }’ in { $project } heeft opnieuw uw besluit nodig.
mail-approval-lead-reminder = ‘{ $title }’ in { $project } wacht sinds { $since } op uw besluit.
mail-approval-how = Op de pagina kunt u goedkeuren of om wijzigingen vragen; uw besluit wordt vastgelegd met precies de versie die u zag.
mail-approval-button = Bekijken en beslissen

mail-receipt-subject = { $decision ->
    [approve] Uw bewijs: u keurde { $title } goed
   *[changes] Uw bewijs: u vroeg wijzigingen in { $title }
}
mail-receipt-lead = { $decision ->
    [approve] U keurde ‘{ $title }’ in { $project } goed. { $brand } legde het als volgt vast.
   *[changes] U vroeg wijzigingen in ‘{ $title }’ in { $project }. { $brand } legde het als volgt vast.
}
mail-receipt-keep = Bewaar dit bericht: met het regelnummer en de hash hieronder kan iedereen later nagaan dat uw besluit nog ongewijzigd in het dossier staat.
mail-receipt-decision = Besluit
mail-receipt-approved = Goedgekeurd
mail-receipt-changes = Wijzigingen gevraagd
mail-receipt-name = Getypte naam
mail-receipt-recorded = Vastgelegd
mail-receipt-file-sha = SHA-256 van het bestand
mail-receipt-audit-record = Auditregel
mail-receipt-audit-no = Nr. { $seq }
mail-receipt-audit-hash = Audithash
mail-receipt-check-at = Controleren op
mail-receipt-chain = De auditregel is een schakel in een hashketen: wie een eerdere regel wijzigt of verwijdert, verandert ook deze hash.

mail-code-subject = Uw code om te beslissen over { $title }
mail-code-lead = Uw code om te beslissen over ‘{ $title }’ is { $code }
mail-code-how = Typ hem in het besluitformulier. Hij is 10 minuten geldig.
mail-code-not-you = Hebt u deze code niet aangevraagd? Dan kunt u dit bericht negeren: zonder de code kan niemand namens u beslissen.
