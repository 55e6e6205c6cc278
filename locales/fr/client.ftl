# Pages client (src/views/client) en français.

## Dates, heures, tailles
date = { $day ->
    [1] 1er
   *[other] { $day }
} { $month } { $year }
datetime = { $date } à { $time } { $zone }
month-1 = janvier
month-2 = février
month-3 = mars
month-4 = avril
month-5 = mai
month-6 = juin
month-7 = juillet
month-8 = août
month-9 = septembre
month-10 = octobre
month-11 = novembre
month-12 = décembre
size-bytes = { $n ->
    [one] { $n } octet
   *[other] { $n } octets
}
size-kb = ko
size-mb = Mo
size-gb = Go
size-tb = To
size-pb = Po

## Statuts
status-planned = Prévu
status-in-progress = En cours
status-done = Terminé
status-blocked = Bloqué
status-pending = En attente
status-approved = Validé
status-changes-requested = Modifications demandées
status-withdrawn = Retiré
status-active = Actif
status-on-hold = En pause
due = Échéance :
overdue = en retard

## Éléments communs
overview = Vue d’ensemble
team = Équipe
add-comment = Ajouter un commentaire
your-comment = Votre commentaire
post-comment = Publier le commentaire
version-n = Version { $n }
latest = Dernière
uploaded = Déposé le
sent-by-your-team = envoyé par votre équipe
uploaded-by = par { $name }
download = Télécharger
file-version = { $name }, version { $n }

## Mise en page
skip-to-content = Aller au contenu
signed-in-as = Connecté en tant que
via-private-link = via un lien personnel — ne le transférez pas.
breadcrumb = Fil d’Ariane
private-to = Cette page est réservée à { $client }. Les visites, téléchargements et décisions faits avec ce lien sont consignés dans le dossier du projet.
bare-privacy = Les pages client ne s’ouvrent qu’avec un lien personnel. Nous n’affichons jamais le détail d’un projet sans lien valide.

## Vue d’ensemble
where-things-stand = Où en sont les choses
your-projects-with = Vos projets avec { $brand }, au
completed = Terminés
completed-empty = Rien n’a été terminé récemment. Les jalons terminés apparaîtront ici.
in-progress = En cours
in-progress-empty = Rien n’est en cours pour le moment.
projects = Projets
projects-empty = Il n’y a pas encore de projet à afficher.
needs-your-decision = Attend votre décision
needs-decision-empty = Rien n’attend votre décision pour le moment. Nous vous écrirons dès que ce sera le cas.
needs-decision-more = …et { $count } autres attendent votre décision, chacune sur la page de son projet.
no-due-date = Sans échéance
review-and-decide = Examiner et décider
completed-on = Terminé le
what-happens-next = La suite
next-empty = Rien n’est encore prévu. Les prochaines étapes apparaîtront ici.
next-step = Prochaine étape :
planned-for = Prévu le
more-on-project-page = et { $n } de plus sur la page du projet
milestones-done = { $done } { $done ->
    [one] jalon terminé
   *[other] jalons terminés
} sur { $total }
items-wait = { $n ->
    [one] { $n } élément attend
   *[other] { $n } éléments attendent
} votre décision
needs-your-action = Attend une action de votre part
your-requests = Vos demandes
invite-a-colleague = Inviter un collègue

## Projet
on-this-page = Sur cette page
milestones = Jalons
files = Fichiers
approvals = Validations
other = Autres
files-and-approvals = Fichiers et validations
activity = Historique
milestones-empty = Aucun jalon n’est encore prévu.
updates = Actualités
comments = Commentaires
files-empty = Aucun fichier n’a encore été partagé.
versions = Versions
approvals-empty = Rien n’a encore été soumis à validation.
waiting-for-your-decision = En attente de votre décision
waiting-empty = Rien n’attend votre décision dans ce projet.
decided = Décidé
recent-activity = Activité récente
activity-empty = Pas encore d’activité.
someone = Quelqu’un
activity-milestone-completed = Jalon terminé : { $subject }
activity-update = { $actor } a publié une actualité sur { $subject }
activity-file-version = { $actor } a déposé { $subject } (version { $n })
activity-approval-requested = Validation demandée : { $subject }
activity-approved = { $actor } a validé { $subject }
activity-changes = { $actor } a demandé des modifications sur { $subject }
activity-comment = { $actor } a commenté { $subject }

## Validation
project-label = Projet :
was-due = Échéance passée :
requested = Demandé le
decision-not-recorded = Votre décision n’est pas encore enregistrée
go-to-decision = Aller à votre décision
you-decided = Vous avez décidé :
waiting-for-others = Cette validation attend encore les autres validateurs.
view-only-decision = Cette validation attend une décision. Ce lien permet de la consulter mais pas de décider ; demandez à { $brand } si c’est à vous de décider.
waiting-for-a-decision = Cette validation attend une décision.
withdrawn-callout = { $brand } a retiré cette demande. Il n’y a rien à décider.
earlier-rounds = Tours précédents
no-comments-yet = Pas encore de commentaire.
approvers = Validateurs
still-to-decide-one = doit encore décider
did-not-decide = n’a pas décidé
still-to-decide = Reste à décider
rule-any = Une seule validation suffit ; toute demande de modifications clôt le tour.
rule-all = Les { $approvers } validateurs doivent tous valider ; toute demande de modifications clôt le tour.
rule-at-least = Au moins { $n } validateurs sur { $approvers } doivent valider ; toute demande de modifications clôt le tour.
the-deliverable = Le livrable
no-file-attached = Aucun fichier joint : cette validation porte sur le travail décrit ci-dessus.
code-from-email = Code reçu par e-mail
your-decision = Votre décision
choose-one = Choisissez une option. Le nom que vous saisissez, l’heure et la version exacte sont enregistrés comme preuve, et { $brand } est prévenu aussitôt.
code-intro = Avant votre décision, nous envoyons un code à 6 chiffres à votre propre adresse. Il est valable 10 minutes.
email-me-a-code = M’envoyer un code
approve = Valider
your-full-name = Votre nom complet
approve-version-final = Je valide la version { $n } de { $name } comme définitive
approve-title-final = Je valide « { $title } » comme définitif
approve-version = Valider la version { $n }
or = ou
request-changes = Demander des modifications
what-should-change = Que faut-il modifier ?
decision-recorded = Décision enregistrée
decision = Décision
comment = Commentaire
name-typed = Nom saisi
contact-email = Adresse e-mail
date-and-time = Date et heure ({ $zone })
version = Version
version-of = { $n } de { $name }
audit-record = Entrée du journal
audit-no = N° { $seq }
audit-hash = Empreinte du journal
print-receipt = Imprimer ce reçu :
print-receipt-how = utilisez la commande Imprimer de votre navigateur (Ctrl+P, ou ⌘P sur Mac) pour l’imprimer ou l’enregistrer en PDF pour vos dossiers.
withdrawn-summary = Retiré : aucune décision nécessaire.
waiting-summary = En attente d’une décision.
decision-sentence = { $decision } par { $name } le { $date }
version-in-brackets = (version { $n })

## Refus et avis
bad-request-title = Demande incomprise
bad-request-heading = Nous n’avons pas pu traiter cette demande
bad-request-next = Revenez en arrière, vérifiez votre saisie et réessayez.
conflict-title = Cela contredit le dossier
conflict-heading = Cela ne correspond plus au dossier
conflict-next = Revenez en arrière et rechargez la page pour voir la situation actuelle.
approval-withdrawn = Cette validation a été retirée
approval-already-decided = Cette validation a déjà été décidée
submission-on = Votre envoi concernant
was-not-recorded = n’a pas été enregistré.
not-what-you-meant = Si cette décision ne correspond pas à votre intention, répondez à l’e-mail reçu de { $brand }.
back-to-approval = Retour à la validation
see-recorded-decision = Voir la décision enregistrée
newer-version-uploaded = Une version plus récente a été déposée
your-decision-on = Votre décision sur
stale-explained = n’a pas été enregistrée : pendant que la page était ouverte, une version plus récente a été déposée. Regardez-la avant de décider.
new-version-of = Nouveau : version { $n } de { $name }
review-version = Examiner la version { $n }
link-expired-title = Ce lien a expiré
link-expired-heading = Ce lien a expiré ou a été remplacé
link-expired-why = Les liens personnels vers vos pages de projet ne fonctionnent qu’un temps limité, et un lien cesse de fonctionner dès qu’un plus récent est envoyé. Votre projet reste ainsi protégé si un ancien e-mail est transféré ou retrouvé.
link-expired-renew = Nous pouvons envoyer un nouveau lien à l’adresse qui avait reçu celui-ci. Pour votre sécurité, cette adresse n’est pas affichée ici.
send-fresh-link = M’envoyer un nouveau lien
link-withdrawn-title = Ce lien ne fonctionne plus
link-withdrawn-why = { $brand } a retiré ce lien : il n’ouvre plus les pages du projet et aucun nouveau lien ne peut être envoyé à sa place.
link-withdrawn-next = Si vous pensez devoir encore y accéder, contactez votre interlocuteur habituel chez { $brand }.
not-allowed-title = Non autorisé avec ce lien
not-allowed-next = Si vous devriez pouvoir le faire, demandez à votre interlocuteur chez { $brand } un lien qui le permet.
back-to-page = Retour à la page
not-found-title = Ce lien n’est pas valide
not-found-lead = Nous n’avons trouvé aucune page à cette adresse.
not-found-next = Si vous l’avez ouvert depuis un e-mail, vérifiez que le lien a été copié en entier. Si cela ne fonctionne toujours pas, demandez-en un nouveau à votre interlocuteur chez { $brand }.
portal-closed-title = Ce portail est fermé
portal-closed-lead = { $brand } a fermé ce portail client ; ses pages ne sont plus disponibles.
portal-closed-contact = Pour les fichiers, décisions ou questions, contactez
portal-closed-usual = Pour les fichiers, décisions ou questions, contactez votre interlocuteur habituel chez { $brand }.
rate-limited-title = Trop de demandes
rate-limited-lead = Cette page a été demandée trop souvent en peu de temps.
rate-limited-next = Patientez une minute, puis réessayez.
renew-sent-title = Consultez votre boîte de réception
renew-sent-lead = Si ce lien correspond à une adresse connue, un nouveau lien est en route. Consultez votre boîte de réception.
renew-sent-next = Il peut mettre quelques minutes à arriver ; pensez aussi à regarder dans vos courriers indésirables. L’ancien lien reste désactivé.
server-error-title = Un problème est survenu
server-error-heading = Un problème est survenu de notre côté
server-error-lead = Vous n’y êtes pour rien. Réessayez dans quelques minutes.
server-error-next = Si cela se reproduit, prévenez votre interlocuteur chez { $brand }.

## Demandes de fichiers
any-kind-of-file = tout type de fichier
accepted-up-to = { $kinds }, jusqu’à { $size }
choose-a-file = Choisir un fichier
accepted = Acceptés :
send-file = Envoyer le fichier
send-files = Envoyer des fichiers
files-we-asked-for = Fichiers que nous vous avons demandés
files-sent = { $n ->
    [one] { $n } fichier envoyé
   *[other] { $n } fichiers envoyés
}
asked = Demandé le
sent-so-far = Déjà envoyés
nothing-sent-yet = Rien n’a encore été envoyé.
sent-on-by = Envoyé le { $date } par { $name }
send-a-file = Envoyer un fichier
view-only-file-request = Ce lien permet de consulter cette demande mais pas d’y envoyer des fichiers.

## Formulaires
answers-saved = Vos réponses ont été enregistrées le
answers-not-saved = Vos réponses ne sont pas encore enregistrées
form-closed = Ce formulaire est clos et n’accepte plus de réponses.
view-only-form = Ce lien permet de consulter ce formulaire mais pas d’y répondre.
send-answers = Envoyer les réponses
required = (obligatoire)
yes = Oui
no = Non

## Invitation
invite-lead = Votre collègue reçoit par e-mail son propre lien personnel. Il voit et télécharge ce que vous voyez, mais ne peut ni commenter ni décider.
invite-sent = Votre collègue est invité : son lien est en route. Vous pouvez en inviter un autre ci-dessous.
their-full-name = Son nom complet
their-email = Son adresse e-mail
send-invitation = Envoyer l’invitation

## Demandes
request-open = Ouverte
request-waiting-on-you = Attend votre réponse
reply = Répondre
your-reply = Votre réponse
send-reply = Envoyer la réponse
requests = Demandes
requests-lead = Demandez quelque chose à { $brand } et suivez les réponses ici.
request-not-sent = Votre demande n’est pas encore envoyée
no-requests-yet = Pas encore de demande.
opened-on-by = Ouverte le { $date } par { $name }
forms-to-fill-in = Formulaires à remplir
fill-in-the-form = Remplir le formulaire
open-a-request = Nouvelle demande
subject = Objet
about = Concerne
nothing-in-particular = Rien de particulier
what-do-you-need = De quoi avez-vous besoin ?
send-request = Envoyer la demande
waiting-on-your-answer = Attend votre réponse
read-and-reply = Lire et répondre

## Vérifier un reçu
file = Fichier
date-in-zone = Date ({ $zone })
verify-genuine = Authentique
verify-genuine-receipt = Ce reçu figure dans la chaîne, inchangé. Il consigne cette décision :
verify-genuine-other = L’entrée n° { $seq } figure dans la chaîne, inchangée. Ce n’est pas une décision, il n’y a donc rien de plus à montrer.
verify-altered = Modifié
verify-altered-why = Ce reçu ne correspond pas à la chaîne : l’entrée n° { $seq } existe, mais son empreinte diffère. Le reçu ou l’entrée a été modifié.
verify-not-found = Introuvable
verify-no-record = La chaîne ne contient aucune entrée n° { $seq }.
verify-no-file = Aucune décision de la chaîne ne porte sur un fichier ayant ce contenu.
verify-found = Trouvé dans la chaîne
verify-file-decided = Une décision a porté sur ce fichier exact, inchangé :
verify-title = Vérifier un reçu de décision
verify-lead = Chaque décision prise via { $brand } est inscrite dans une chaîne d’empreintes, et son reçu indique le numéro d’entrée et l’empreinte. Saisissez-les ici, ou choisissez le fichier concerné, pour voir si le dossier dit toujours ce que dit le reçu.
verify-a-receipt = Un reçu
verify-seq = Numéro de l’entrée
verify-hash = Empreinte (64 caractères)
verify-check-receipt = Vérifier le reçu
verify-a-file = Un fichier
verify-the-file = Le fichier concerné par la décision
verify-file-not-kept = Le fichier est lu pour calculer son SHA-256 et n’est pas conservé.
verify-check-file = Vérifier le fichier

## Record approvals
record-label = Fiche :
record-deciding = Vous décidez sur cette fiche telle qu’elle est maintenant.
record-see = Voir la fiche
record-fingerprint = Son empreinte (SHA-256) :

## Confirmation, receipt details and previews
confirm-approved-title = Votre validation est enregistrée
confirm-changes-title = Votre demande de modifications est enregistrée
confirm-what-version-of = la version { $n } de { $name }
confirm-what-version = la version { $n }
confirm-you-approved = Vous avez validé { $what } le { $when }.
confirm-you-asked-changes = Vous avez demandé des modifications sur { $what } le { $when }.
confirm-they-approved = { $name } a validé { $what } le { $when }.
confirm-they-asked-changes = { $name } a demandé des modifications sur { $what } le { $when }.
see-the-receipt = Voir le reçu
receipt-details = Détails pour vos dossiers
receipt-details-explained = L’empreinte (SHA-256) prouve sur quel fichier exact vous avez décidé ; l’entrée du journal figure dans notre registre infalsifiable.
file-fingerprint = Empreinte du fichier (SHA-256)
preview-alt = Aperçu de { $name }, version { $n }
preview-page-1-shown = Page 1 affichée.
preview-page = Page { $n }

## Record lists
list-photos = { $n ->
    [one] { $n } photo
   *[other] { $n } photos
}
list-signed = Signé
list-file-attached = Fichier joint
list-filter-by-stage = Filtrer par étape
list-all = Toutes
list-sort-by = Trier par
list-reference = Référence
list-ascending = { $label } (croissant)
list-descending = { $label } (décroissant)
list-sort = Trier
list-empty = Rien ici pour l’instant.
list-next-page = Page suivante
list-download-csv = Télécharger en CSV
list-your-records = Vos fiches
list-updated = mis à jour le
list-details = Détails
list-decisions = Décisions

## /verify refusals
verify-malformed = Cette adresse est mal formée.
verify-bad-seq = Le numéro d’enregistrement est le nombre entier après « N° » sur le reçu.
verify-bad-hash = L’empreinte d’audit correspond aux 64 caractères (0-9 et a-f) sous « Empreinte d’audit » sur le reçu.
verify-choose-file = Veuillez choisir un fichier avec le formulaire ci-dessous.
verify-file-too-large = Ce fichier est plus volumineux que ce que le serveur accepte.
verify-upload-cut = L’envoi a été interrompu. Veuillez réessayer.

## Refusals a client reads
decision-error-name = Veuillez saisir votre nom complet.
decision-error-confirm = Veuillez cocher la case pour confirmer votre validation.
decision-error-comment = Veuillez indiquer ce qui doit changer.
decision-error-stale = Une version plus récente a été envoyée depuis l’ouverture de cette page.
decision-error-decided = Cette validation a déjà été décidée.
decision-error-decided-by-you = Vous avez déjà décidé pour cette version.
decision-error-withdrawn = Cette validation a été retirée.
decision-error-code-required = Veuillez saisir le code que nous vous avons envoyé (« M’envoyer un code »).
decision-error-code-wrong = Ce code n’est pas le bon ou a expiré : vérifiez-le ou demandez-en un nouveau.
message-answer-required = Veuillez répondre à cette question.
message-form-expired = Ce formulaire a expiré. Veuillez revenir en arrière, recharger la page et réessayer.
message-form-unreadable = Le formulaire n’a pas pu être lu. Veuillez revenir en arrière, recharger la page et réessayer.
message-form-closed = Ce formulaire est fermé et n’accepte plus de réponses.

## Reports and the client's copy
month-short-1 = janv
month-short-2 = févr
month-short-3 = mars
month-short-4 = avr
month-short-5 = mai
month-short-6 = juin
month-short-7 = juil
month-short-8 = août
month-short-9 = sept
month-short-10 = oct
month-short-11 = nov
month-short-12 = déc
reports = Rapports
reports-lead = Les chiffres de vos fiches sur les { $n } mois jusqu’au { $date }.
reports-csv = Télécharger ces chiffres en CSV
reports-none = Il n’y a pas encore de fiches sur lesquelles établir un rapport.
report-rows-total = { $total ->
    [one] 1 fiche au total
   *[other] { $total } fiches au total
}, dont { $window } sur les { $n } derniers mois.
report-basis-column = Chaque fiche compte dans le mois de son champ « { $label } » ; celles qui n’en ont pas comptent dans le mois de leur ajout.
report-basis-created = Chaque fiche compte dans le mois de son ajout.
report-list-empty = Rien à présenter pour cette liste pour l’instant.
report-rows-per-month = Fiches par mois
report-sum-per-month = { $label } par mois
report-sum-per-month-currency = { $label } ({ $currency }) par mois
report-per-month-table = { $name } : chiffres par mois
report-month = Mois
report-rows = Fiches
report-total = Total
report-rows-per-stage = { $label } : fiches par étape
report-see-table = Les mêmes chiffres figurent dans le tableau qui suit.
report-csv-list = Liste
report-csv-figure = Indicateur
report-csv-period = Période
report-csv-value = Valeur
report-csv-unit = Unité
reports-link = Rapports
export-everything = Télécharger une copie de tout
