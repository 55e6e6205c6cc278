# Páginas del cliente (src/views/client) en español.

## Fechas, horas, tamaños
date = { $day } de { $month } de { $year }
datetime = { $date }, { $time } { $zone }
month-1 = enero
month-2 = febrero
month-3 = marzo
month-4 = abril
month-5 = mayo
month-6 = junio
month-7 = julio
month-8 = agosto
month-9 = septiembre
month-10 = octubre
month-11 = noviembre
month-12 = diciembre
size-bytes = { $n ->
    [one] { $n } byte
   *[other] { $n } bytes
}
size-kb = kB
size-mb = MB
size-gb = GB
size-tb = TB
size-pb = PB

## Estados
status-planned = Previsto
status-in-progress = En curso
status-done = Terminado
status-blocked = Bloqueado
status-pending = Pendiente
status-approved = Aprobado
status-changes-requested = Cambios solicitados
status-withdrawn = Retirado
status-active = Activo
status-on-hold = En pausa
due = Vence el
overdue = vencido

## Piezas comunes
overview = Resumen
team = Equipo
add-comment = Añadir un comentario
your-comment = Su comentario
post-comment = Publicar comentario
version-n = Versión { $n }
latest = Última
uploaded = Subido el
sent-by-your-team = enviado por su equipo
uploaded-by = por { $name }
download = Descargar
file-version = { $name }, versión { $n }

## Diseño
skip-to-content = Ir al contenido
signed-in-as = Ha entrado como
via-private-link = mediante un enlace personal: no lo reenvíe.
breadcrumb = Ruta de navegación
private-to = Esta página es privada para { $client }. Las visitas, descargas y decisiones hechas con este enlace quedan registradas en el expediente del proyecto.
bare-privacy = A las páginas de cliente solo se llega con enlaces personales. Nunca mostramos detalles de un proyecto sin un enlace válido.

## Resumen
where-things-stand = Cómo van las cosas
your-projects-with = Sus proyectos con { $brand }, a fecha de
completed = Terminado
completed-empty = No se ha terminado nada recientemente. Los hitos terminados aparecerán aquí.
in-progress = En curso
in-progress-empty = Ahora mismo no hay nada en curso.
projects = Proyectos
projects-empty = Todavía no hay proyectos que mostrar.
needs-your-decision = Necesita su decisión
needs-decision-empty = Ahora mismo nada necesita su decisión. Le escribiremos cuando algo la necesite.
needs-decision-more = …y { $count } más esperan su decisión, cada una en la página de su proyecto.
no-due-date = Sin fecha límite
review-and-decide = Revisar y decidir
completed-on = Terminado el
what-happens-next = Qué viene después
next-empty = Todavía no hay nada previsto. Los próximos pasos aparecerán aquí.
next-step = Próximo paso:
planned-for = Previsto para el
more-on-project-page = y { $n } más en la página del proyecto
milestones-done = { $done } de { $total } { $total ->
    [one] hito terminado
   *[other] hitos terminados
}
items-wait = { $n ->
    [one] { $n } elemento espera
   *[other] { $n } elementos esperan
} su decisión
needs-your-action = Necesita que usted actúe
your-requests = Sus solicitudes
invite-a-colleague = Invitar a un colega

## Proyecto
on-this-page = En esta página
milestones = Hitos
files = Archivos
approvals = Aprobaciones
other = Otros
files-and-approvals = Archivos y aprobaciones
activity = Actividad
milestones-empty = Todavía no se ha previsto ningún hito.
updates = Novedades
comments = Comentarios
files-empty = Todavía no se ha compartido ningún archivo.
versions = Versiones
approvals-empty = Todavía no se ha enviado nada para aprobar.
waiting-for-your-decision = Esperando su decisión
waiting-empty = En este proyecto nada espera su decisión.
decided = Decidido
recent-activity = Actividad reciente
activity-empty = Todavía no hay actividad.
someone = Alguien
activity-milestone-completed = Hito terminado: { $subject }
activity-update = { $actor } publicó una novedad sobre { $subject }
activity-file-version = { $actor } subió { $subject } (versión { $n })
activity-approval-requested = Aprobación solicitada: { $subject }
activity-approved = { $actor } aprobó { $subject }
activity-changes = { $actor } pidió cambios en { $subject }
activity-comment = { $actor } comentó { $subject }

## Aprobación
project-label = Proyecto:
was-due = Vencía el
requested = Solicitado el
decision-not-recorded = Su decisión aún no se ha registrado
go-to-decision = Ir a su decisión
you-decided = Usted decidió:
waiting-for-others = Esta aprobación espera a los demás aprobadores.
view-only-decision = Esta aprobación espera una decisión. Con este enlace puede verla pero no decidir; pregunte a { $brand } si le corresponde decidir a usted.
waiting-for-a-decision = Esta aprobación espera una decisión.
withdrawn-callout = { $brand } retiró esta solicitud. No hay nada que decidir.
earlier-rounds = Rondas anteriores
no-comments-yet = Todavía no hay comentarios.
approvers = Aprobadores
still-to-decide-one = aún debe decidir
did-not-decide = no decidió
still-to-decide = Faltan por decidir
rule-any = Basta con una aprobación; cualquier petición de cambios cierra la ronda.
rule-all = Los { $approvers } aprobadores deben aprobar; cualquier petición de cambios cierra la ronda.
rule-at-least = Al menos { $n } de { $approvers } aprobadores deben aprobar; cualquier petición de cambios cierra la ronda.
the-deliverable = El entregable
no-file-attached = No hay ningún archivo adjunto: esta aprobación trata del trabajo descrito arriba.
code-from-email = Código de su correo
your-decision = Su decisión
choose-one = Elija una opción. Su nombre escrito, la hora y la versión exacta quedan registrados como prueba, y { $brand } recibe el aviso al instante.
code-intro = Antes de decidir, enviamos un código de 6 cifras a su propia dirección. Vale durante 10 minutos.
email-me-a-code = Enviarme un código
approve = Aprobar
your-full-name = Su nombre completo
approve-version-final = Apruebo la versión { $n } de { $name } como definitiva
approve-title-final = Apruebo «{ $title }» como definitivo
approve-version = Aprobar la versión { $n }
or = o
request-changes = Pedir cambios
what-should-change = ¿Qué debería cambiar?
decision-recorded = Decisión registrada
decision = Decisión
comment = Comentario
name-typed = Nombre escrito
contact-email = Correo electrónico
date-and-time = Fecha y hora ({ $zone })
version = Versión
version-of = { $n } de { $name }
audit-record = Registro de auditoría
audit-no = N.º { $seq }
audit-hash = Hash de auditoría
print-receipt = Imprima este justificante:
print-receipt-how = use la orden Imprimir de su navegador (Ctrl+P, o ⌘P en un Mac) para imprimirlo o guardarlo como PDF en sus archivos.
withdrawn-summary = Retirada: no hace falta decidir.
waiting-summary = Esperando una decisión.
decision-sentence = { $decision } por { $name } el { $date }
version-in-brackets = (versión { $n })

## Rechazos y avisos
bad-request-title = Solicitud no entendida
bad-request-heading = No pudimos usar esa solicitud
bad-request-next = Vuelva atrás, revise lo que escribió e inténtelo de nuevo.
conflict-title = Eso choca con el expediente
conflict-heading = Eso ya no encaja con el expediente
conflict-next = Vuelva atrás y recargue la página para ver cómo están las cosas ahora.
approval-withdrawn = Esta aprobación fue retirada
approval-already-decided = Esta aprobación ya se decidió
submission-on = Su envío sobre
was-not-recorded = no se registró.
not-what-you-meant = Si esta decisión no es lo que quería, responda al correo que recibió de { $brand }.
back-to-approval = Volver a la aprobación
see-recorded-decision = Ver la decisión registrada
newer-version-uploaded = Se subió una versión más reciente
your-decision-on = Su decisión sobre
stale-explained = no se registró: mientras tenía la página abierta, se subió una versión más reciente. Revísela antes de decidir.
new-version-of = Nueva: versión { $n } de { $name }
review-version = Revisar la versión { $n }
link-expired-title = Este enlace ha caducado
link-expired-heading = Este enlace ha caducado o fue sustituido
link-expired-why = Los enlaces personales a sus páginas de proyecto solo funcionan durante un tiempo, y un enlace deja de funcionar cuando se envía uno más reciente. Así su proyecto queda protegido si se reenvía o se encuentra un correo antiguo.
link-expired-renew = Podemos enviar un enlace nuevo a la dirección a la que se envió este. Por su seguridad, la dirección no se muestra aquí.
send-fresh-link = Enviarme un enlace nuevo
link-withdrawn-title = Este enlace ya no funciona
link-withdrawn-why = { $brand } retiró este enlace: ya no abre las páginas del proyecto y no se puede enviar uno nuevo en su lugar.
link-withdrawn-next = Si cree que aún debería tener acceso, hable con su contacto habitual en { $brand }.
not-allowed-title = No permitido con este enlace
not-allowed-next = Si debería poder hacerlo, pida a su contacto en { $brand } un enlace que lo permita.
back-to-page = Volver a la página
not-found-title = Este enlace no es válido
not-found-lead = No encontramos ninguna página en esta dirección.
not-found-next = Si lo abrió desde un correo, compruebe que copió el enlace completo. Si sigue sin funcionar, pida uno nuevo a su contacto en { $brand }.
portal-closed-title = Este portal está cerrado
portal-closed-lead = { $brand } cerró este portal de cliente; sus páginas ya no están disponibles.
portal-closed-contact = Para archivos, decisiones o preguntas, contacte con
portal-closed-usual = Para archivos, decisiones o preguntas, contacte con su contacto habitual en { $brand }.
rate-limited-title = Demasiadas solicitudes
rate-limited-lead = Esta página se pidió demasiadas veces en poco tiempo.
rate-limited-next = Espere un minuto y vuelva a intentarlo.
renew-sent-title = Revise su bandeja de entrada
renew-sent-lead = Si este enlace pertenece a una dirección registrada, va de camino un enlace nuevo. Revise su bandeja de entrada.
renew-sent-next = Puede tardar unos minutos en llegar; mire también en la carpeta de correo no deseado. El enlace antiguo sigue desactivado.
server-error-title = Algo salió mal
server-error-heading = Algo salió mal por nuestra parte
server-error-lead = No es por nada que usted hiciera. Inténtelo de nuevo en unos minutos.
server-error-next = Si vuelve a pasar, avise a su contacto en { $brand }.

## Solicitudes de archivos
any-kind-of-file = cualquier tipo de archivo
accepted-up-to = { $kinds }, hasta { $size }
choose-a-file = Elegir un archivo
accepted = Se aceptan:
send-file = Enviar archivo
send-files = Enviar archivos
files-we-asked-for = Archivos que le pedimos
files-sent = { $n ->
    [one] { $n } archivo enviado
   *[other] { $n } archivos enviados
}
asked = Pedido el
sent-so-far = Enviado hasta ahora
nothing-sent-yet = Todavía no se ha enviado nada.
sent-on-by = Enviado el { $date } por { $name }
send-a-file = Enviar un archivo
view-only-file-request = Con este enlace puede ver esta solicitud pero no enviar archivos para ella.

## Formularios
answers-saved = Sus respuestas se guardaron el
answers-not-saved = Sus respuestas aún no se han guardado
form-closed = Este formulario está cerrado y ya no admite respuestas.
view-only-form = Con este enlace puede ver este formulario pero no responderlo.
send-answers = Enviar respuestas
required = (obligatorio)
yes = Sí
no = No

## Invitar
invite-lead = Su colega recibe por correo un enlace personal propio. Podrá ver y descargar lo mismo que usted, pero no comentar ni decidir.
invite-sent = Su colega está invitado: su enlace va de camino. Si quiere, invite a otra persona abajo.
their-full-name = Su nombre completo
their-email = Su correo electrónico
send-invitation = Enviar la invitación

## Solicitudes
request-open = Abierta
request-waiting-on-you = Espera su respuesta
reply = Responder
your-reply = Su respuesta
send-reply = Enviar respuesta
requests = Solicitudes
requests-lead = Pida algo a { $brand } y siga las respuestas aquí.
request-not-sent = Su solicitud aún no se ha enviado
no-requests-yet = Todavía no hay solicitudes.
opened-on-by = Abierta el { $date } por { $name }
forms-to-fill-in = Formularios por rellenar
fill-in-the-form = Rellenar el formulario
open-a-request = Abrir una solicitud
subject = Asunto
about = Sobre
nothing-in-particular = Nada en concreto
what-do-you-need = ¿Qué necesita?
send-request = Enviar solicitud
waiting-on-your-answer = Espera su respuesta
read-and-reply = Leer y responder

## Comprobar un justificante
file = Archivo
date-in-zone = Fecha ({ $zone })
verify-genuine = Auténtico
verify-genuine-receipt = Este justificante está en la cadena, sin alterar. Registra esta decisión:
verify-genuine-other = El registro n.º { $seq } está en la cadena, sin alterar. No es una decisión, así que no hay nada más que mostrar.
verify-altered = Alterado
verify-altered-why = Este justificante no coincide con la cadena: el registro n.º { $seq } existe, pero su hash es distinto. Se ha modificado el justificante o el registro.
verify-not-found = No encontrado
verify-no-record = No hay ningún registro n.º { $seq } en la cadena.
verify-no-file = Ninguna decisión de la cadena se tomó sobre un archivo con este contenido.
verify-found = Encontrado en la cadena
verify-file-decided = Se decidió sobre este mismo archivo, sin alterar:
verify-title = Comprobar un justificante de decisión
verify-lead = Cada decisión tomada a través de { $brand } se escribe en una cadena de hashes, y su justificante indica el número de registro y el hash. Escríbalos aquí, o elija el archivo sobre el que se decidió, para ver si el registro sigue diciendo lo mismo que el justificante.
verify-a-receipt = Un justificante
verify-seq = Número de registro
verify-hash = Hash de auditoría (64 caracteres)
verify-check-receipt = Comprobar el justificante
verify-a-file = Un archivo
verify-the-file = El archivo sobre el que se decidió
verify-file-not-kept = El archivo se lee para calcular su SHA-256 y no se guarda.
verify-check-file = Comprobar el archivo

## Record approvals
record-label = Registro:
record-deciding = Está decidiendo sobre este registro tal como está ahora.
record-see = Ver el registro
record-fingerprint = Su huella (SHA-256):

## Confirmation, receipt details and previews
confirm-approved-title = Su aprobación ha quedado registrada
confirm-changes-title = Su solicitud de cambios ha quedado registrada
confirm-what-version-of = la versión { $n } de { $name }
confirm-what-version = la versión { $n }
confirm-you-approved = Aprobó { $what } el { $when }.
confirm-you-asked-changes = Pidió cambios en { $what } el { $when }.
confirm-they-approved = { $name } aprobó { $what } el { $when }.
confirm-they-asked-changes = { $name } pidió cambios en { $what } el { $when }.
see-the-receipt = Ver el comprobante
receipt-details = Detalles para sus archivos
receipt-details-explained = La huella (SHA-256) demuestra sobre qué archivo exacto decidió; la entrada del registro está en nuestro registro a prueba de manipulaciones.
file-fingerprint = Huella del archivo (SHA-256)
preview-alt = Vista previa de { $name }, versión { $n }
preview-page-1-shown = Se muestra la página 1.
preview-page = Página { $n }

## Record lists
list-photos = { $n ->
    [one] { $n } foto
   *[other] { $n } fotos
}
list-signed = Firmado
list-file-attached = Archivo adjunto
list-filter-by-stage = Filtrar por etapa
list-all = Todas
list-sort-by = Ordenar por
list-reference = Referencia
list-ascending = { $label } (ascendente)
list-descending = { $label } (descendente)
list-sort = Ordenar
list-empty = Todavía no hay nada aquí.
list-next-page = Página siguiente
list-download-csv = Descargar como CSV
list-your-records = Sus registros
list-updated = actualizado el
list-details = Detalles
list-decisions = Decisiones

## /verify refusals
verify-malformed = Esta dirección está mal formada.
verify-bad-seq = El número de registro es el número entero tras «N.º» en el recibo.
verify-bad-hash = El hash de auditoría son los 64 caracteres (0-9 y a-f) bajo «Hash de auditoría» en el recibo.
verify-choose-file = Elija un archivo con el formulario de abajo.
verify-file-too-large = Este archivo es más grande de lo que acepta el servidor.
verify-upload-cut = La subida se interrumpió. Vuelva a intentarlo.

## Refusals a client reads
decision-error-name = Escriba su nombre completo.
decision-error-confirm = Marque la casilla para confirmar su aprobación.
decision-error-comment = Indique qué debe cambiar.
decision-error-stale = Se subió una versión más reciente desde que se abrió esta página.
decision-error-decided = Esta aprobación ya se decidió.
decision-error-decided-by-you = Ya decidió sobre esta versión.
decision-error-withdrawn = Esta aprobación se retiró.
decision-error-code-required = Introduzca el código que le enviamos por correo («Enviarme un código»).
decision-error-code-wrong = Ese código no es correcto o ha caducado: revíselo o pida uno nuevo.
message-answer-required = Responda a esta pregunta.
message-form-expired = Este formulario ha caducado. Vuelva atrás, recargue la página e inténtelo de nuevo.
message-form-unreadable = No se pudo leer el formulario. Vuelva atrás, recargue la página e inténtelo de nuevo.
message-form-closed = Este formulario está cerrado y ya no admite respuestas.

## Reports and the client's copy
month-short-1 = ene
month-short-2 = feb
month-short-3 = mar
month-short-4 = abr
month-short-5 = may
month-short-6 = jun
month-short-7 = jul
month-short-8 = ago
month-short-9 = sept
month-short-10 = oct
month-short-11 = nov
month-short-12 = dic
reports = Informes
reports-lead = Cifras de sus registros de los { $n } meses hasta el { $date }.
reports-csv = Descargar estas cifras como CSV
reports-none = Todavía no hay registros sobre los que informar.
report-rows-total = { $total ->
    [one] 1 registro en total
   *[other] { $total } registros en total
}, { $window } de ellos en los últimos { $n } meses.
report-basis-column = Cada registro cuenta en el mes de su «{ $label }»; los que no lo tienen cuentan en el mes en que se añadieron.
report-basis-created = Cada registro cuenta en el mes en que se añadió.
report-list-empty = Todavía no hay nada que mostrar de esta lista.
report-rows-per-month = Registros por mes
report-sum-per-month = { $label } por mes
report-sum-per-month-currency = { $label } ({ $currency }) por mes
report-per-month-table = { $name }: cifras por mes
report-month = Mes
report-rows = Registros
report-total = Suma
report-rows-per-stage = { $label }: registros por etapa
report-see-table = Las mismas cifras están en la tabla siguiente.
report-csv-list = Lista
report-csv-figure = Cifra
report-csv-period = Periodo
report-csv-value = Valor
report-csv-unit = Unidad
reports-link = Informes
export-everything = Descargar una copia de todo
