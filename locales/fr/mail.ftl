# E-mails aux contacts client en français.

mail-greeting = Bonjour { $name },
mail-paste-hint = Si le bouton ne fonctionne pas, collez cette adresse dans votre navigateur :
mail-personal = Ce lien vous est personnel : merci de ne pas le transférer.
mail-works-until = Il fonctionne jusqu’au { $until } ; ensuite, la page qu’il ouvre vous propose d’en recevoir un nouveau.
mail-open-portal = Ouvrir votre portail de projet
mail-file = Fichier
mail-file-version = { $name } (version { $n })
mail-project = Projet
mail-due = Échéance

mail-invite-subject = Votre lien vers le portail de projet de { $client }
mail-invite-your-projects = vos projets
mail-invite-project = « { $project } »
mail-invite-lead = { $brand } vous tient informé de { $what } sur une page privée : ce qui est terminé, ce qui est en cours, ce qui attend votre décision et la suite.
mail-invite-no-account = Ni compte ni mot de passe : le bouton ci-dessous l’ouvre.

mail-fresh-subject = Votre nouveau lien vers le portail de projet de { $client }
mail-fresh-lead = Vous avez demandé un nouveau lien vers votre portail de projet. Le voici ; l’ancien lien reste fermé.
mail-fresh-not-you = Si vous ne l’avez pas demandé, ignorez ce message : le lien n’a été envoyé qu’à vous.

mail-update-subject-one = Actualité sur { $project } : { $milestone }
mail-update-subject-project = { $n } actualités sur { $project }
mail-update-subject-many = { $n } actualités de projet pour { $client }
mail-update-lead = { $n ->
    [one] Il y a du nouveau sur votre projet :
   *[other] Il y a { $n } nouvelles actualités sur vos projets :
}
mail-update-meta = { $author }, { $at }
mail-update-button = Voir votre page de projet

mail-approval-subject-requested = Votre décision est attendue : { $title }
mail-approval-subject-reopened = Nouvelle version à décider : { $title }
mail-approval-subject-due = Échéance le { $due } : { $title }
mail-approval-subject-reminder = Rappel : { $title } attend votre décision
mail-approval-lead-requested = { $brand } attend votre décision sur « { $title } » dans { $project }.
mail-approval-lead-reopened = Une nouvelle version est prête : « { $title } » dans { $project } attend à nouveau votre décision.
mail-approval-lead-reminder = « { $title } » dans { $project } attend votre décision depuis le { $since }.
mail-approval-how = Sur la page, vous pouvez valider ou demander des modifications ; votre décision est enregistrée avec la version exacte que vous avez vue.
mail-approval-button = Examiner et décider

mail-receipt-subject = { $decision ->
    [approve] Votre reçu : vous avez validé { $title }
   *[changes] Votre reçu : vous avez demandé des modifications sur { $title }
}
mail-receipt-lead = { $decision ->
    [approve] Vous avez validé « { $title } » dans { $project }. { $brand } l’a enregistré comme suit.
   *[changes] Vous avez demandé des modifications sur « { $title } » dans { $project }. { $brand } l’a enregistré comme suit.
}
mail-receipt-keep = Conservez ce message : avec le numéro d’entrée et l’empreinte ci-dessous, chacun peut vérifier plus tard que votre décision figure toujours au dossier, inchangée.
mail-receipt-decision = Décision
mail-receipt-approved = Validé
mail-receipt-changes = Modifications demandées
mail-receipt-name = Nom saisi
mail-receipt-recorded = Enregistré le
mail-receipt-file-sha = SHA-256 du fichier
mail-receipt-audit-record = Entrée du journal
mail-receipt-audit-no = N° { $seq }
mail-receipt-audit-hash = Empreinte du journal
mail-receipt-check-at = Vérifier sur
mail-receipt-chain = L’entrée du journal est un maillon d’une chaîne d’empreintes : modifier ou supprimer une entrée antérieure changerait cette empreinte.

mail-code-subject = Votre code pour décider sur { $title }
mail-code-lead = Votre code pour décider sur « { $title } » est { $code }
mail-code-how = Saisissez-le dans le formulaire de décision. Il est valable 10 minutes.
mail-code-not-you = Si vous n’avez pas demandé ce code, ignorez ce message : personne ne peut décider en votre nom sans lui.
