# Klantpagina's (src/views/client) in het Nederlands.

## Datums, tijden, groottes
date = { $day } { $month } { $year }
datetime = { $date } om { $time } { $zone }
month-1 = januari
month-2 = februari
month-3 = maart
month-4 = april
month-5 = mei
month-6 = juni
month-7 = juli
month-8 = augustus
month-9 = september
month-10 = oktober
month-11 = november
month-12 = december
size-bytes = { $n ->
    [one] { $n } byte
   *[other] { $n } bytes
}
size-kb = kB
size-mb = MB
size-gb = GB
size-tb = TB
size-pb = PB

## Statussen
status-planned = Gepland
status-in-progress = Bezig
status-done = Klaar
status-blocked = Geblokkeerd
status-pending = Open
status-approved = Goedgekeurd
status-changes-requested = Wijzigingen gevraagd
status-withdrawn = Ingetrokken
status-active = Actief
status-on-hold = Gepauzeerd
due = Uiterlijk
overdue = te laat

## Gedeelde onderdelen
overview = Overzicht
team = Team
add-comment = Reactie toevoegen
your-comment = Uw reactie
post-comment = Reactie plaatsen
version-n = Versie { $n }
latest = Nieuwste
uploaded = Geüpload op
sent-by-your-team = verstuurd door uw team
uploaded-by = door { $name }
download = Downloaden
file-version = { $name }, versie { $n }

## Opmaak
skip-to-content = Naar de inhoud
signed-in-as = Aangemeld als
via-private-link = via een persoonlijke link — niet doorsturen.
breadcrumb = Kruimelpad
private-to = Deze pagina is alleen bedoeld voor { $client }. Bezoeken, downloads en besluiten via deze link worden vastgelegd in het projectdossier.
bare-privacy = Klantpagina's zijn alleen bereikbaar via persoonlijke links. Zonder geldige link tonen we nooit projectgegevens.

## Overzicht
where-things-stand = Zo staat het ervoor
your-projects-with = Uw projecten met { $brand }, stand van
completed = Afgerond
completed-empty = Er is de laatste tijd niets afgerond. Afgeronde mijlpalen verschijnen hier.
in-progress = Bezig
in-progress-empty = Er is nu niets in uitvoering.
projects = Projecten
projects-empty = Er zijn nog geen projecten om te tonen.
needs-your-decision = Wacht op uw besluit
needs-decision-empty = Er wacht nu niets op uw besluit. We mailen u zodra dat wel zo is.
needs-decision-more = …en nog { $count } wachten op uw besluit, elk op de pagina van het project.
no-due-date = Geen einddatum
review-and-decide = Bekijken en beslissen
completed-on = Afgerond op
what-happens-next = Wat er nu komt
next-empty = Er is nog niets gepland. Volgende stappen verschijnen hier.
next-step = Volgende stap:
planned-for = Gepland voor
more-on-project-page = en nog { $n } op de projectpagina
milestones-done = { $done } van { $total } { $total ->
    [one] mijlpaal afgerond
   *[other] mijlpalen afgerond
}
items-wait = { $n ->
    [one] { $n } punt wacht
   *[other] { $n } punten wachten
} op uw besluit
needs-your-action = Wacht op u
your-requests = Uw verzoeken
invite-a-colleague = Een collega uitnodigen

## Project
on-this-page = Op deze pagina
milestones = Mijlpalen
files = Bestanden
approvals = Goedkeuringen
other = Overig
files-and-approvals = Bestanden en goedkeuringen
activity = Activiteit
milestones-empty = Er zijn nog geen mijlpalen gepland.
updates = Nieuws
comments = Reacties
files-empty = Er zijn nog geen bestanden gedeeld.
versions = Versies
approvals-empty = Er is nog niets ter goedkeuring voorgelegd.
waiting-for-your-decision = Wacht op uw besluit
waiting-empty = In dit project wacht niets op uw besluit.
decided = Besloten
recent-activity = Recente activiteit
activity-empty = Nog geen activiteit.
someone = Iemand
activity-milestone-completed = Mijlpaal afgerond: { $subject }
activity-update = { $actor } plaatste nieuws bij { $subject }
activity-file-version = { $actor } uploadde { $subject } (versie { $n })
activity-approval-requested = Goedkeuring gevraagd: { $subject }
activity-approved = { $actor } keurde { $subject } goed
activity-changes = { $actor } vroeg wijzigingen in { $subject }
activity-comment = { $actor } reageerde op { $subject }

## Goedkeuring
project-label = Project:
was-due = Had klaar moeten zijn op
requested = Gevraagd op
decision-not-recorded = Uw besluit is nog niet vastgelegd
go-to-decision = Naar uw besluit
you-decided = U besloot:
waiting-for-others = Deze goedkeuring wacht nog op de andere beoordelaars.
view-only-decision = Deze goedkeuring wacht op een besluit. Met deze link kunt u haar bekijken maar niet beslissen; vraag { $brand } of u degene bent die beslist.
waiting-for-a-decision = Deze goedkeuring wacht op een besluit.
withdrawn-callout = { $brand } heeft dit verzoek ingetrokken. Er valt niets te beslissen.
earlier-rounds = Eerdere rondes
no-comments-yet = Nog geen reacties.
approvers = Beoordelaars
still-to-decide-one = moet nog beslissen
did-not-decide = heeft niet beslist
still-to-decide = Moeten nog beslissen
rule-any = Eén goedkeuring is genoeg; elk verzoek om wijzigingen beëindigt de ronde.
rule-all = Alle { $approvers } beoordelaars moeten goedkeuren; elk verzoek om wijzigingen beëindigt de ronde.
rule-at-least = Minstens { $n } van de { $approvers } beoordelaars moeten goedkeuren; elk verzoek om wijzigingen beëindigt de ronde.
the-deliverable = Het resultaat
no-file-attached = Er is geen bestand bijgevoegd: deze goedkeuring gaat over het hierboven beschreven werk.
code-from-email = Code uit uw e-mail
your-decision = Uw besluit
choose-one = Kies één optie. Uw getypte naam, het tijdstip en de exacte versie worden als bewijs vastgelegd, en { $brand } hoort het meteen.
code-intro = Voordat u beslist, mailen we een code van 6 cijfers naar uw eigen adres. Die blijft 10 minuten geldig.
email-me-a-code = Mail mij een code
approve = Goedkeuren
your-full-name = Uw volledige naam
approve-version-final = Ik keur versie { $n } van { $name } definitief goed
approve-title-final = Ik keur ‘{ $title }’ definitief goed
approve-version = Versie { $n } goedkeuren
or = of
request-changes = Wijzigingen vragen
what-should-change = Wat moet er anders?
decision-recorded = Besluit vastgelegd
decision = Besluit
comment = Reactie
name-typed = Getypte naam
contact-email = E-mailadres
date-and-time = Datum en tijd ({ $zone })
version = Versie
version-of = { $n } van { $name }
audit-record = Auditregel
audit-no = Nr. { $seq }
audit-hash = Audithash
print-receipt = Dit bewijs afdrukken:
print-receipt-how = gebruik de afdrukopdracht van uw browser (Ctrl+P, of ⌘P op een Mac) om het af te drukken of als pdf te bewaren voor uw administratie.
withdrawn-summary = Ingetrokken: geen besluit nodig.
waiting-summary = Wacht op een besluit.
decision-sentence = { $decision } door { $name } op { $date }
version-in-brackets = (versie { $n })

## Weigeringen en meldingen
bad-request-title = Verzoek niet begrepen
bad-request-heading = We konden dit verzoek niet gebruiken
bad-request-next = Ga terug, controleer wat u hebt ingevuld en probeer het opnieuw.
conflict-title = Dat botst met het dossier
conflict-heading = Dat past niet meer bij het dossier
conflict-next = Ga terug en laad de pagina opnieuw om te zien hoe het nu staat.
approval-withdrawn = Deze goedkeuring is ingetrokken
approval-already-decided = Over deze goedkeuring is al beslist
submission-on = Uw inzending over
was-not-recorded = is niet vastgelegd.
not-what-you-meant = Is dit besluit niet wat u bedoelde? Beantwoord dan de e-mail die u van { $brand } kreeg.
back-to-approval = Terug naar de goedkeuring
see-recorded-decision = Vastgelegd besluit bekijken
newer-version-uploaded = Er is een nieuwere versie geüpload
your-decision-on = Uw besluit over
stale-explained = is niet vastgelegd: terwijl u de pagina open had, is er een nieuwere versie geüpload. Bekijk die voordat u beslist.
new-version-of = Nieuw: versie { $n } van { $name }
review-version = Versie { $n } bekijken
link-expired-title = Deze link is verlopen
link-expired-heading = Deze link is verlopen of vervangen
link-expired-why = Persoonlijke links naar uw projectpagina's werken maar een beperkte tijd, en een link stopt zodra er een nieuwere is verstuurd. Zo blijft uw project beschermd als een oude e-mail wordt doorgestuurd of gevonden.
link-expired-renew = We kunnen een nieuwe link mailen naar het adres waar deze link naartoe ging. Voor uw veiligheid tonen we dat adres hier niet.
send-fresh-link = Stuur mij een nieuwe link
link-withdrawn-title = Deze link werkt niet meer
link-withdrawn-why = { $brand } heeft deze link ingetrokken: hij opent de projectpagina's niet meer en er kan geen nieuwe link voor worden verstuurd.
link-withdrawn-next = Denkt u dat u nog toegang zou moeten hebben? Neem dan contact op met uw vaste contactpersoon bij { $brand }.
not-allowed-title = Niet toegestaan met deze link
not-allowed-next = Zou u dit moeten kunnen? Vraag dan uw contactpersoon bij { $brand } om een link die het toestaat.
back-to-page = Terug naar de pagina
not-found-title = Deze link is ongeldig
not-found-lead = We vonden geen pagina op dit adres.
not-found-next = Hebt u hem vanuit een e-mail geopend? Controleer dan of de hele link is gekopieerd. Werkt het nog steeds niet, vraag dan uw contactpersoon bij { $brand } om een nieuwe.
portal-closed-title = Dit portaal is gesloten
portal-closed-lead = { $brand } heeft dit klantportaal gesloten; de pagina's zijn niet meer beschikbaar.
portal-closed-contact = Voor bestanden, besluiten of vragen kunt u terecht bij
portal-closed-usual = Voor bestanden, besluiten of vragen kunt u terecht bij uw vaste contactpersoon bij { $brand }.
rate-limited-title = Te veel verzoeken
rate-limited-lead = Deze pagina is in korte tijd te vaak opgevraagd.
rate-limited-next = Wacht een minuut en probeer het dan opnieuw.
renew-sent-title = Kijk in uw inbox
renew-sent-lead = Als deze link bij een bekend adres hoort, is er een nieuwe link onderweg. Kijk in uw inbox.
renew-sent-next = Het kan een paar minuten duren; kijk ook in uw map met ongewenste e-mail. De oude link blijft uitgeschakeld.
server-error-title = Er ging iets mis
server-error-heading = Er ging bij ons iets mis
server-error-lead = Dit komt niet door iets wat u deed. Probeer het over een paar minuten opnieuw.
server-error-next = Blijft het gebeuren, laat het dan uw contactpersoon bij { $brand } weten.

## Bestandsverzoeken
any-kind-of-file = elk soort bestand
accepted-up-to = { $kinds }, tot { $size }
choose-a-file = Kies een bestand
accepted = Toegestaan:
send-file = Bestand versturen
send-files = Bestanden versturen
files-we-asked-for = Bestanden waar we u om vroegen
files-sent = { $n ->
    [one] { $n } bestand verstuurd
   *[other] { $n } bestanden verstuurd
}
asked = Gevraagd op
sent-so-far = Tot nu toe verstuurd
nothing-sent-yet = Er is nog niets verstuurd.
sent-on-by = Verstuurd op { $date } door { $name }
send-a-file = Een bestand versturen
view-only-file-request = Met deze link kunt u dit verzoek bekijken, maar geen bestanden versturen.

## Formulieren
answers-saved = Uw antwoorden zijn opgeslagen op
answers-not-saved = Uw antwoorden zijn nog niet opgeslagen
form-closed = Dit formulier is gesloten en neemt geen antwoorden meer aan.
view-only-form = Met deze link kunt u dit formulier bekijken, maar niet invullen.
send-answers = Antwoorden versturen
required = (verplicht)
yes = Ja
no = Nee

## Uitnodigen
invite-lead = Uw collega krijgt per e-mail een eigen persoonlijke link en kan zien en downloaden wat u ziet, maar niet reageren of beslissen.
invite-sent = Uw collega is uitgenodigd: de link is onderweg. Nodig hieronder gerust nog iemand uit.
their-full-name = Volledige naam
their-email = E-mailadres
send-invitation = Uitnodiging versturen

## Verzoeken
request-open = Open
request-waiting-on-you = Wacht op u
reply = Antwoorden
your-reply = Uw antwoord
send-reply = Antwoord versturen
requests = Verzoeken
requests-lead = Vraag { $brand } om iets en volg de antwoorden hier.
request-not-sent = Uw verzoek is nog niet verstuurd
no-requests-yet = Nog geen verzoeken.
opened-on-by = Geopend op { $date } door { $name }
forms-to-fill-in = In te vullen formulieren
fill-in-the-form = Formulier invullen
open-a-request = Nieuw verzoek
subject = Onderwerp
about = Over
nothing-in-particular = Niets in het bijzonder
what-do-you-need = Wat hebt u nodig?
send-request = Verzoek versturen
waiting-on-your-answer = Wacht op uw antwoord
read-and-reply = Lezen en antwoorden

## Bewijs controleren
file = Bestand
date-in-zone = Datum ({ $zone })
verify-genuine = Echt
verify-genuine-receipt = Dit bewijs staat ongewijzigd in de keten. Het legt dit besluit vast:
verify-genuine-other = Auditregel nr. { $seq } staat ongewijzigd in de keten. Het is geen besluit, dus er valt verder niets te tonen.
verify-altered = Gewijzigd
verify-altered-why = Dit bewijs klopt niet met de keten: auditregel nr. { $seq } bestaat, maar de hash is anders. Het bewijs of de regel is gewijzigd.
verify-not-found = Niet gevonden
verify-no-record = Er staat geen auditregel nr. { $seq } in de keten.
verify-no-file = Geen enkel besluit in de keten ging over een bestand met deze inhoud.
verify-found = Gevonden in de keten
verify-file-decided = Over precies dit bestand is beslist, ongewijzigd:
verify-title = Een besluitbewijs controleren
verify-lead = Elk besluit via { $brand } wordt in een hashketen geschreven, en het bewijs noemt het regelnummer en de hash. Vul ze hier in, of kies het bestand waarover is beslist, om te zien of de regel nog zegt wat het bewijs zegt.
verify-a-receipt = Een bewijs
verify-seq = Nummer van de auditregel
verify-hash = Audithash (64 tekens)
verify-check-receipt = Bewijs controleren
verify-a-file = Een bestand
verify-the-file = Het bestand waarover is beslist
verify-file-not-kept = Het bestand wordt gelezen om de SHA-256 te berekenen en wordt niet bewaard.
verify-check-file = Bestand controleren

## Record approvals
record-label = Record:
record-deciding = U beslist over dit record zoals het nu is.
record-see = Bekijk het record
record-fingerprint = De vingerafdruk (SHA-256):

## Confirmation, receipt details and previews
confirm-approved-title = Uw goedkeuring is vastgelegd
confirm-changes-title = Uw verzoek om wijzigingen is vastgelegd
confirm-what-version-of = versie { $n } van { $name }
confirm-what-version = versie { $n }
confirm-you-approved = U hebt { $what } op { $when } goedgekeurd.
confirm-you-asked-changes = U hebt op { $when } om wijzigingen aan { $what } gevraagd.
confirm-they-approved = { $name } heeft { $what } op { $when } goedgekeurd.
confirm-they-asked-changes = { $name } heeft op { $when } om wijzigingen aan { $what } gevraagd.
see-the-receipt = Naar het bewijs
receipt-details = Details voor uw administratie
receipt-details-explained = De vingerafdruk (SHA-256) bewijst over welk bestand u precies hebt beslist; de logregel staat in ons fraudebestendige logboek.
file-fingerprint = Vingerafdruk van het bestand (SHA-256)
preview-alt = Voorbeeld van { $name }, versie { $n }
preview-page-1-shown = Pagina 1 getoond.
preview-page = Pagina { $n }

## Record lists
list-photos = { $n ->
    [one] { $n } foto
   *[other] { $n } foto’s
}
list-signed = Ondertekend
list-file-attached = Bestand bijgevoegd
list-filter-by-stage = Filteren op fase
list-all = Alle
list-sort-by = Sorteren op
list-reference = Referentie
list-ascending = { $label } (oplopend)
list-descending = { $label } (aflopend)
list-sort = Sorteren
list-empty = Hier staat nog niets.
list-next-page = Volgende pagina
list-download-csv = Downloaden als CSV
list-your-records = Uw records
list-updated = bijgewerkt
list-details = Details
list-decisions = Beslissingen

## /verify refusals
verify-malformed = Dit adres is ongeldig.
verify-bad-seq = Het auditnummer is het hele getal na „Nr.” op het ontvangstbewijs.
verify-bad-hash = De audithash bestaat uit de 64 tekens (0-9 en a-f) onder „Audithash” op het ontvangstbewijs.
verify-choose-file = Kies een bestand met het formulier hieronder.
verify-file-too-large = Dit bestand is groter dan de server aanneemt.
verify-upload-cut = Het uploaden werd afgebroken. Probeer het opnieuw.

## Refusals a client reads
decision-error-name = Typ uw volledige naam.
decision-error-confirm = Vink het vakje aan om uw goedkeuring te bevestigen.
decision-error-comment = Schrijf wat er moet veranderen.
decision-error-stale = Sinds deze pagina werd geopend, is er een nieuwere versie geüpload.
decision-error-decided = Over deze goedkeuring is al beslist.
decision-error-decided-by-you = U hebt al over deze versie beslist.
decision-error-withdrawn = Deze goedkeuring is ingetrokken.
decision-error-code-required = Vul de code in die we u hebben gemaild (gebruik „Mail mij een code”).
decision-error-code-wrong = Die code klopt niet of is verlopen: controleer hem of vraag een nieuwe aan.
message-answer-required = Beantwoord deze vraag.
message-form-expired = Dit formulier is verlopen. Ga terug, laad de pagina opnieuw en probeer het nog eens.
message-form-unreadable = Het formulier kon niet worden gelezen. Ga terug, laad de pagina opnieuw en probeer het nog eens.
message-form-closed = Dit formulier is gesloten en neemt geen antwoorden meer aan.

## Reports and the client's copy
month-short-1 = jan
month-short-2 = feb
month-short-3 = mrt
month-short-4 = apr
month-short-5 = mei
month-short-6 = jun
month-short-7 = jul
month-short-8 = aug
month-short-9 = sep
month-short-10 = okt
month-short-11 = nov
month-short-12 = dec
reports = Rapportages
reports-lead = Cijfers uit uw records over de { $n } maanden tot en met { $date }.
reports-csv = Deze cijfers downloaden als CSV
reports-none = Er zijn nog geen records om over te rapporteren.
report-rows-total = { $total ->
    [one] 1 record in totaal
   *[other] { $total } records in totaal
}, waarvan { $window } in de afgelopen { $n } maanden.
report-basis-column = Elk record telt in de maand van zijn ‘{ $label }’; records zonder die datum tellen in de maand waarin ze zijn toegevoegd.
report-basis-created = Elk record telt in de maand waarin het is toegevoegd.
report-list-empty = Voor deze lijst valt nog niets te rapporteren.
report-rows-per-month = Records per maand
report-sum-per-month = { $label } per maand
report-sum-per-month-currency = { $label } ({ $currency }) per maand
report-per-month-table = { $name }: cijfers per maand
report-month = Maand
report-rows = Aantal
report-total = Totaal
report-rows-per-stage = { $label }: records per fase
report-see-table = Dezelfde cijfers staan in de tabel hieronder.
report-csv-list = Lijst
report-csv-figure = Cijfer
report-csv-period = Periode
report-csv-value = Waarde
report-csv-unit = Eenheid
reports-link = Rapportages
export-everything = Een kopie van alles downloaden
