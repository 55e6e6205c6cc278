# Kundenseiten (src/views/client) auf Deutsch.

## Datum, Uhrzeit, Größen
date = { $day }. { $month } { $year }
datetime = { $date }, { $time } Uhr { $zone }
month-1 = Januar
month-2 = Februar
month-3 = März
month-4 = April
month-5 = Mai
month-6 = Juni
month-7 = Juli
month-8 = August
month-9 = September
month-10 = Oktober
month-11 = November
month-12 = Dezember
size-bytes = { $n ->
    [one] { $n } Byte
   *[other] { $n } Bytes
}
size-kb = kB
size-mb = MB
size-gb = GB
size-tb = TB
size-pb = PB

## Status
status-planned = Geplant
status-in-progress = In Arbeit
status-done = Erledigt
status-blocked = Blockiert
status-pending = Offen
status-approved = Freigegeben
status-changes-requested = Änderungen gewünscht
status-withdrawn = Zurückgezogen
status-active = Aktiv
status-on-hold = Pausiert
due = Fällig am
overdue = überfällig

## Gemeinsame Teile
overview = Übersicht
team = Team
add-comment = Kommentar schreiben
your-comment = Ihr Kommentar
post-comment = Kommentar senden
version-n = Version { $n }
latest = Aktuell
uploaded = Hochgeladen am
sent-by-your-team = von Ihrem Team gesendet
uploaded-by = von { $name }
download = Herunterladen
file-version = { $name }, Version { $n }

## Seitenrahmen
skip-to-content = Zum Inhalt springen
signed-in-as = Angemeldet als
via-private-link = über einen persönlichen Link – bitte nicht weiterleiten.
breadcrumb = Navigationspfad
private-to = Diese Seite ist nur für { $client } bestimmt. Besuche, Downloads und Entscheidungen über diesen Link werden in der Projektakte festgehalten.
bare-privacy = Kundenseiten sind nur über persönliche Links erreichbar. Ohne gültigen Link zeigen wir keine Projektdetails.

## Übersicht
where-things-stand = Der aktuelle Stand
your-projects-with = Ihre Projekte mit { $brand }, Stand
completed = Abgeschlossen
completed-empty = In letzter Zeit wurde nichts abgeschlossen. Erledigte Meilensteine erscheinen hier.
in-progress = In Arbeit
in-progress-empty = Gerade ist nichts in Arbeit.
projects = Projekte
projects-empty = Es gibt noch keine Projekte zu zeigen.
needs-your-decision = Wartet auf Ihre Entscheidung
needs-decision-empty = Gerade wartet nichts auf Ihre Entscheidung. Wir schreiben Ihnen, sobald es so weit ist.
needs-decision-more = …und { $count } weitere warten auf Ihre Entscheidung, jeweils auf der Seite ihres Projekts.
no-due-date = Kein Termin
review-and-decide = Ansehen und entscheiden
completed-on = Abgeschlossen am
what-happens-next = Wie es weitergeht
next-empty = Noch ist nichts geplant. Die nächsten Schritte erscheinen hier.
next-step = Nächster Schritt:
planned-for = Geplant für
more-on-project-page = und { $n } weitere auf der Projektseite
milestones-done = { $done } von { $total } { $total ->
    [one] Meilenstein erledigt
   *[other] Meilensteinen erledigt
}
items-wait = { $n ->
    [one] { $n } Punkt wartet
   *[other] { $n } Punkte warten
} auf Ihre Entscheidung
needs-your-action = Wartet auf Sie
your-requests = Ihre Anliegen
invite-a-colleague = Kollegin oder Kollegen einladen

## Projekt
on-this-page = Auf dieser Seite
milestones = Meilensteine
files = Dateien
approvals = Freigaben
other = Sonstiges
files-and-approvals = Dateien und Freigaben
activity = Verlauf
milestones-empty = Es sind noch keine Meilensteine geplant.
updates = Neuigkeiten
comments = Kommentare
files-empty = Es wurden noch keine Dateien geteilt.
versions = Versionen
approvals-empty = Es wurde noch nichts zur Freigabe vorgelegt.
waiting-for-your-decision = Wartet auf Ihre Entscheidung
waiting-empty = In diesem Projekt wartet nichts auf Ihre Entscheidung.
decided = Entschieden
recent-activity = Letzte Aktivitäten
activity-empty = Noch keine Aktivitäten.
someone = Jemand
activity-milestone-completed = Meilenstein abgeschlossen: { $subject }
activity-update = { $actor } hat eine Neuigkeit zu { $subject } geschrieben
activity-file-version = { $actor } hat { $subject } (Version { $n }) hochgeladen
activity-approval-requested = Freigabe angefragt: { $subject }
activity-approved = { $actor } hat { $subject } freigegeben
activity-changes = { $actor } wünscht Änderungen an { $subject }
activity-comment = { $actor } hat { $subject } kommentiert

## Freigabe
project-label = Projekt:
was-due = War fällig am
requested = Angefragt am
decision-not-recorded = Ihre Entscheidung ist noch nicht gespeichert
go-to-decision = Zu Ihrer Entscheidung
you-decided = Sie haben entschieden:
waiting-for-others = Diese Freigabe wartet noch auf die anderen Freigebenden.
view-only-decision = Diese Freigabe wartet auf eine Entscheidung. Mit diesem Link können Sie sie ansehen, aber nicht entscheiden; fragen Sie { $brand }, ob Sie entscheiden sollen.
waiting-for-a-decision = Diese Freigabe wartet auf eine Entscheidung.
withdrawn-callout = { $brand } hat diese Anfrage zurückgezogen. Es gibt nichts zu entscheiden.
earlier-rounds = Frühere Runden
no-comments-yet = Noch keine Kommentare.
approvers = Freigebende
still-to-decide-one = muss noch entscheiden
did-not-decide = hat nicht entschieden
still-to-decide = Noch ausstehend
rule-any = Eine Freigabe genügt; jeder Änderungswunsch beendet die Runde.
rule-all = Alle { $approvers } Freigebenden müssen zustimmen; jeder Änderungswunsch beendet die Runde.
rule-at-least = Mindestens { $n } von { $approvers } Freigebenden müssen zustimmen; jeder Änderungswunsch beendet die Runde.
the-deliverable = Das Ergebnis
no-file-attached = Keine Datei angehängt: Diese Freigabe betrifft die oben beschriebene Arbeit.
code-from-email = Code aus Ihrer E-Mail
your-decision = Ihre Entscheidung
choose-one = Wählen Sie eine Möglichkeit. Ihr eingetippter Name, die Uhrzeit und die genaue Version werden als Nachweis gespeichert, und { $brand } erfährt es sofort.
code-intro = Bevor Sie entscheiden, schicken wir einen 6-stelligen Code an Ihre eigene Adresse. Er gilt 10 Minuten.
email-me-a-code = Code per E-Mail senden
approve = Freigeben
your-full-name = Ihr vollständiger Name
approve-version-final = Ich gebe Version { $n } von { $name } endgültig frei
approve-title-final = Ich gebe „{ $title }“ endgültig frei
approve-version = Version { $n } freigeben
or = oder
request-changes = Änderungen anfordern
what-should-change = Was soll sich ändern?
decision-recorded = Entscheidung gespeichert
decision = Entscheidung
comment = Kommentar
name-typed = Eingetippter Name
contact-email = E-Mail-Adresse
date-and-time = Datum und Uhrzeit ({ $zone })
version = Version
version-of = { $n } von { $name }
audit-record = Protokolleintrag
audit-no = Nr. { $seq }
audit-hash = Protokoll-Hash
print-receipt = Beleg drucken:
print-receipt-how = Mit dem Druckbefehl Ihres Browsers (Strg+P, auf dem Mac ⌘P) drucken Sie ihn oder sichern ihn als PDF für Ihre Unterlagen.
withdrawn-summary = Zurückgezogen: keine Entscheidung nötig.
waiting-summary = Wartet auf eine Entscheidung.
decision-sentence = { $decision } von { $name } am { $date }
version-in-brackets = (Version { $n })

## Ablehnungen und Hinweise
bad-request-title = Anfrage nicht verstanden
bad-request-heading = Mit dieser Anfrage konnten wir nichts anfangen
bad-request-next = Bitte gehen Sie zurück, prüfen Sie Ihre Eingaben und versuchen Sie es noch einmal.
conflict-title = Das passt nicht zur Akte
conflict-heading = Das passt nicht mehr zum aktuellen Stand
conflict-next = Bitte gehen Sie zurück und laden Sie die Seite neu, um den aktuellen Stand zu sehen.
approval-withdrawn = Diese Freigabe wurde zurückgezogen
approval-already-decided = Über diese Freigabe wurde schon entschieden
submission-on = Ihre Eingabe zu
was-not-recorded = wurde nicht gespeichert.
not-what-you-meant = Falls diese Entscheidung nicht Ihrem Willen entspricht, antworten Sie bitte auf die E-Mail von { $brand }.
back-to-approval = Zurück zur Freigabe
see-recorded-decision = Gespeicherte Entscheidung ansehen
newer-version-uploaded = Eine neuere Version wurde hochgeladen
your-decision-on = Ihre Entscheidung zu
stale-explained = wurde nicht gespeichert: Während die Seite offen war, kam eine neuere Version hinzu. Bitte sehen Sie sie sich an, bevor Sie entscheiden.
new-version-of = Neu: Version { $n } von { $name }
review-version = Version { $n } ansehen
link-expired-title = Dieser Link ist abgelaufen
link-expired-heading = Dieser Link ist abgelaufen oder wurde ersetzt
link-expired-why = Persönliche Links zu Ihren Projektseiten gelten nur eine begrenzte Zeit, und ein Link erlischt, sobald ein neuerer verschickt wird. So bleibt Ihr Projekt geschützt, wenn eine alte E-Mail weitergeleitet oder gefunden wird.
link-expired-renew = Wir können einen neuen Link an die Adresse schicken, an die dieser Link ging. Zu Ihrer Sicherheit zeigen wir die Adresse hier nicht.
send-fresh-link = Neuen Link senden
link-withdrawn-title = Dieser Link funktioniert nicht mehr
link-withdrawn-why = { $brand } hat diesen Link zurückgezogen. Er öffnet die Projektseiten nicht mehr, und es kann kein neuer Link dafür verschickt werden.
link-withdrawn-next = Wenn Sie weiterhin Zugang haben sollten, wenden Sie sich bitte an Ihre gewohnte Ansprechperson bei { $brand }.
not-allowed-title = Mit diesem Link nicht erlaubt
not-allowed-next = Wenn Sie das tun können sollten, bitten Sie Ihre Ansprechperson bei { $brand } um einen Link, der es erlaubt.
back-to-page = Zurück zur Seite
not-found-title = Dieser Link ist ungültig
not-found-lead = Unter dieser Adresse haben wir keine Seite gefunden.
not-found-next = Wenn Sie ihn aus einer E-Mail geöffnet haben, prüfen Sie, ob der ganze Link kopiert wurde. Klappt es dann immer noch nicht, bitten Sie Ihre Ansprechperson bei { $brand } um einen neuen.
portal-closed-title = Dieses Portal ist geschlossen
portal-closed-lead = { $brand } hat dieses Kundenportal geschlossen; seine Seiten sind nicht mehr verfügbar.
portal-closed-contact = Für Dateien, Entscheidungen oder Fragen wenden Sie sich bitte an
portal-closed-usual = Für Dateien, Entscheidungen oder Fragen wenden Sie sich bitte an Ihre gewohnte Ansprechperson bei { $brand }.
rate-limited-title = Zu viele Anfragen
rate-limited-lead = Diese Seite wurde in kurzer Zeit zu oft aufgerufen.
rate-limited-next = Bitte warten Sie eine Minute und versuchen Sie es dann noch einmal.
renew-sent-title = Sehen Sie in Ihr Postfach
renew-sent-lead = Wenn dieser Link zu einer bei uns hinterlegten Adresse gehört, ist ein neuer Link unterwegs. Sehen Sie in Ihr Postfach.
renew-sent-next = Es kann ein paar Minuten dauern; bitte sehen Sie auch im Spam-Ordner nach. Der alte Link bleibt abgeschaltet.
server-error-title = Etwas ist schiefgegangen
server-error-heading = Bei uns ist etwas schiefgegangen
server-error-lead = Das lag nicht an Ihnen. Bitte versuchen Sie es in ein paar Minuten noch einmal.
server-error-next = Wenn es wieder passiert, geben Sie bitte Ihrer Ansprechperson bei { $brand } Bescheid.

## Dateianfragen
any-kind-of-file = jede Art von Datei
accepted-up-to = { $kinds }, bis { $size }
choose-a-file = Datei auswählen
accepted = Erlaubt:
send-file = Datei senden
send-files = Dateien senden
files-we-asked-for = Dateien, um die wir Sie gebeten haben
files-sent = { $n ->
    [one] { $n } Datei gesendet
   *[other] { $n } Dateien gesendet
}
asked = Angefragt am
sent-so-far = Bisher gesendet
nothing-sent-yet = Es wurde noch nichts gesendet.
sent-on-by = Gesendet am { $date } von { $name }
send-a-file = Eine Datei senden
view-only-file-request = Mit diesem Link können Sie diese Anfrage ansehen, aber keine Dateien dafür senden.

## Formulare
answers-saved = Ihre Antworten wurden gespeichert am
answers-not-saved = Ihre Antworten sind noch nicht gespeichert
form-closed = Dieses Formular ist geschlossen und nimmt keine Antworten mehr an.
view-only-form = Mit diesem Link können Sie dieses Formular ansehen, aber nicht ausfüllen.
send-answers = Antworten senden
required = (Pflichtfeld)
yes = Ja
no = Nein

## Einladen
invite-lead = Ihre Kollegin oder Ihr Kollege erhält per E-Mail einen eigenen persönlichen Link und kann sehen und herunterladen, was Sie sehen, aber nicht kommentieren oder entscheiden.
invite-sent = Die Einladung ist verschickt, der Link ist unterwegs. Unten können Sie gern noch jemanden einladen.
their-full-name = Vollständiger Name
their-email = E-Mail-Adresse
send-invitation = Einladung senden

## Anliegen
request-open = Offen
request-waiting-on-you = Wartet auf Sie
reply = Antworten
your-reply = Ihre Antwort
send-reply = Antwort senden
requests = Anliegen
requests-lead = Bitten Sie { $brand } um etwas und verfolgen Sie die Antworten hier.
request-not-sent = Ihr Anliegen ist noch nicht verschickt
no-requests-yet = Noch keine Anliegen.
opened-on-by = Eröffnet am { $date } von { $name }
forms-to-fill-in = Auszufüllende Formulare
fill-in-the-form = Formular ausfüllen
open-a-request = Neues Anliegen
subject = Betreff
about = Betrifft
nothing-in-particular = Nichts Bestimmtes
what-do-you-need = Was brauchen Sie?
send-request = Anliegen senden
waiting-on-your-answer = Wartet auf Ihre Antwort
read-and-reply = Lesen und antworten

## Beleg prüfen
file = Datei
date-in-zone = Datum ({ $zone })
verify-genuine = Echt
verify-genuine-receipt = Dieser Beleg steht unverändert in der Kette. Er hält diese Entscheidung fest:
verify-genuine-other = Protokolleintrag Nr. { $seq } steht unverändert in der Kette. Es ist keine Entscheidung, daher gibt es nichts weiter zu zeigen.
verify-altered = Verändert
verify-altered-why = Dieser Beleg passt nicht zur Kette: Protokolleintrag Nr. { $seq } existiert, hat aber einen anderen Hash. Entweder der Beleg oder der Eintrag wurde verändert.
verify-not-found = Nicht gefunden
verify-no-record = In der Kette gibt es keinen Protokolleintrag Nr. { $seq }.
verify-no-file = Über eine Datei mit diesem Inhalt wurde in der Kette nicht entschieden.
verify-found = In der Kette gefunden
verify-file-decided = Über genau diese Datei wurde entschieden, unverändert:
verify-title = Entscheidungsbeleg prüfen
verify-lead = Jede Entscheidung über { $brand } wird in eine Hash-Kette geschrieben, und ihr Beleg nennt Eintragsnummer und Hash. Geben Sie beides hier ein oder wählen Sie die entschiedene Datei, um zu sehen, ob der Eintrag noch sagt, was der Beleg sagt.
verify-a-receipt = Ein Beleg
verify-seq = Nummer des Protokolleintrags
verify-hash = Protokoll-Hash (64 Zeichen)
verify-check-receipt = Beleg prüfen
verify-a-file = Eine Datei
verify-the-file = Die entschiedene Datei
verify-file-not-kept = Die Datei wird nur gelesen, um ihren SHA-256 zu berechnen, und nicht aufbewahrt.
verify-check-file = Datei prüfen

## Record approvals
record-label = Eintrag:
record-deciding = Sie entscheiden über diesen Eintrag in seinem jetzigen Stand.
record-see = Eintrag ansehen
record-fingerprint = Sein Fingerabdruck (SHA-256):

## Confirmation, receipt details and previews
confirm-approved-title = Ihre Freigabe ist gespeichert
confirm-changes-title = Ihr Änderungswunsch ist gespeichert
confirm-what-version-of = Version { $n } von { $name }
confirm-what-version = Version { $n }
confirm-you-approved = Sie haben { $what } am { $when } freigegeben.
confirm-you-asked-changes = Sie haben am { $when } Änderungen an { $what } gewünscht.
confirm-they-approved = { $name } hat { $what } am { $when } freigegeben.
confirm-they-asked-changes = { $name } hat am { $when } Änderungen an { $what } gewünscht.
see-the-receipt = Zum Beleg
receipt-details = Details für Ihre Unterlagen
receipt-details-explained = Der Fingerabdruck (SHA-256) belegt, über welche Datei genau Sie entschieden haben; der Protokolleintrag steht in unserem fälschungssicheren Protokoll.
file-fingerprint = Fingerabdruck der Datei (SHA-256)
preview-alt = Vorschau von { $name }, Version { $n }
preview-page-1-shown = Seite 1 wird gezeigt.
preview-page = Seite { $n }

## Record lists
list-photos = { $n ->
    [one] { $n } Foto
   *[other] { $n } Fotos
}
list-signed = Unterschrieben
list-file-attached = Datei angehängt
list-filter-by-stage = Nach Stand filtern
list-all = Alle
list-sort-by = Sortieren nach
list-reference = Referenz
list-ascending = { $label } (aufsteigend)
list-descending = { $label } (absteigend)
list-sort = Sortieren
list-empty = Hier ist noch nichts.
list-next-page = Nächste Seite
list-download-csv = Als CSV herunterladen
list-your-records = Ihre Einträge
list-updated = aktualisiert
list-details = Einzelheiten
list-decisions = Entscheidungen

## /verify refusals
verify-malformed = Diese Adresse ist fehlerhaft.
verify-bad-seq = Die Nummer des Prüfeintrags ist die ganze Zahl nach „Nr.“ auf dem Beleg.
verify-bad-hash = Der Prüf-Hash besteht aus den 64 Zeichen (0-9 und a-f) unter „Prüf-Hash“ auf dem Beleg.
verify-choose-file = Bitte wählen Sie mit dem Formular unten eine Datei.
verify-file-too-large = Diese Datei ist größer, als der Server annimmt.
verify-upload-cut = Das Hochladen wurde abgebrochen. Bitte versuchen Sie es erneut.

## Refusals a client reads
decision-error-name = Bitte geben Sie Ihren vollständigen Namen ein.
decision-error-confirm = Bitte setzen Sie das Häkchen, um Ihre Freigabe zu bestätigen.
decision-error-comment = Bitte schreiben Sie, was sich ändern soll.
decision-error-stale = Seit dem Öffnen dieser Seite wurde eine neuere Version hochgeladen.
decision-error-decided = Über diese Freigabe wurde bereits entschieden.
decision-error-decided-by-you = Sie haben über diese Version bereits entschieden.
decision-error-withdrawn = Diese Freigabe wurde zurückgezogen.
decision-error-code-required = Bitte geben Sie den Code ein, den wir Ihnen gemailt haben („Code per E-Mail senden“).
decision-error-code-wrong = Dieser Code stimmt nicht oder ist abgelaufen: Prüfen Sie ihn oder fordern Sie einen neuen an.
message-answer-required = Bitte beantworten Sie diese Frage.
message-form-expired = Dieses Formular ist abgelaufen. Bitte gehen Sie zurück, laden Sie die Seite neu und versuchen Sie es noch einmal.
message-form-unreadable = Das Formular konnte nicht gelesen werden. Bitte gehen Sie zurück, laden Sie die Seite neu und versuchen Sie es noch einmal.
message-form-closed = Dieses Formular ist geschlossen und nimmt keine Antworten mehr an.

## Reports and the client's copy
month-short-1 = Jan
month-short-2 = Feb
month-short-3 = Mär
month-short-4 = Apr
month-short-5 = Mai
month-short-6 = Jun
month-short-7 = Jul
month-short-8 = Aug
month-short-9 = Sep
month-short-10 = Okt
month-short-11 = Nov
month-short-12 = Dez
reports = Auswertungen
reports-lead = Zahlen aus Ihren Einträgen für die { $n } Monate bis zum { $date }.
reports-csv = Diese Zahlen als CSV herunterladen
reports-none = Es gibt noch keine Einträge für eine Auswertung.
report-rows-total = { $total ->
    [one] 1 Eintrag insgesamt
   *[other] { $total } Einträge insgesamt
}, davon { $window } in den letzten { $n } Monaten.
report-basis-column = Jeder Eintrag zählt im Monat seines Felds „{ $label }“; Einträge ohne dieses Feld zählen im Monat, in dem sie hinzukamen.
report-basis-created = Jeder Eintrag zählt im Monat, in dem er hinzukam.
report-list-empty = Für diese Liste gibt es noch nichts auszuwerten.
report-rows-per-month = Einträge pro Monat
report-sum-per-month = { $label } pro Monat
report-sum-per-month-currency = { $label } ({ $currency }) pro Monat
report-per-month-table = { $name }: Zahlen pro Monat
report-month = Monat
report-rows = Einträge
report-total = Summe
report-rows-per-stage = { $label }: Einträge pro Stand
report-see-table = Dieselben Zahlen stehen in der folgenden Tabelle.
report-csv-list = Liste
report-csv-figure = Kennzahl
report-csv-period = Zeitraum
report-csv-value = Wert
report-csv-unit = Einheit
reports-link = Auswertungen
export-everything = Eine Kopie von allem herunterladen
