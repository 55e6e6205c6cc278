# Correos a los contactos del cliente en español.

mail-greeting = Hola, { $name }:
mail-paste-hint = Si el botón no funciona, pegue esta dirección en su navegador:
mail-personal = Este enlace es personal: por favor, no lo reenvíe.
mail-works-until = Funciona hasta el { $until }; después, la página que abre le ofrece enviarle uno nuevo.
mail-open-portal = Abrir su portal de proyectos
mail-file = Archivo
mail-file-version = { $name } (versión { $n })
mail-project = Proyecto
mail-due = Vence el

mail-invite-subject = Su enlace al portal de proyectos de { $client }
mail-invite-your-projects = sus proyectos
mail-invite-project = «{ $project }»
mail-invite-lead = { $brand } le mantiene al día sobre { $what } en una página privada: qué está terminado, qué está en curso, qué necesita su decisión y qué viene después.
mail-invite-no-account = No necesita cuenta ni contraseña: el botón de abajo la abre.

mail-fresh-subject = Su nuevo enlace al portal de proyectos de { $client }
mail-fresh-lead = Pidió un enlace nuevo a su portal de proyectos. Aquí lo tiene; el enlace antiguo sigue cerrado.
mail-fresh-not-you = Si no lo pidió, puede ignorar este mensaje: el enlace solo se le envió a usted.

mail-update-subject-one = Novedad en { $project }: { $milestone }
mail-update-subject-project = { $n } novedades en { $project }
mail-update-subject-many = { $n } novedades de proyectos para { $client }
mail-update-lead = { $n ->
    [one] Hay novedades en su proyecto:
   *[other] Hay { $n } novedades en sus proyectos:
}
mail-update-meta = { $author }, { $at }
mail-update-button = Ver su página de proyecto

mail-approval-subject-requested = Se necesita su decisión: { $title }
mail-approval-subject-reopened = Nueva versión para su decisión: { $title }
mail-approval-subject-due = Vence el { $due }: { $title }
mail-approval-subject-reminder = Recordatorio: { $title } espera su decisión
mail-approval-lead-requested = { $brand } le pide su decisión sobre «{ $title }» en { $project }.
mail-approval-lead-reopened = Hay una versión nueva, así que «{ $title }» en { $project } vuelve a necesitar su decisión.
mail-approval-lead-reminder = «{ $title }» en { $project } espera su decisión desde el { $since }.
mail-approval-how = En la página puede aprobarlo o pedir cambios; su decisión queda registrada con la versión exacta que vio.
mail-approval-button = Revisar y decidir

mail-receipt-subject = { $decision ->
    [approve] Su justificante: aprobó { $title }
   *[changes] Su justificante: pidió cambios en { $title }
}
mail-receipt-lead = { $decision ->
    [approve] Aprobó «{ $title }» en { $project }. { $brand } lo registró así.
   *[changes] Pidió cambios en «{ $title }» en { $project }. { $brand } lo registró así.
}
mail-receipt-keep = Guarde este mensaje: con el número de registro y el hash de abajo, cualquiera puede comprobar más adelante que su decisión sigue en el expediente, sin cambios.
mail-receipt-decision = Decisión
mail-receipt-approved = Aprobado
mail-receipt-changes = Cambios solicitados
mail-receipt-name = Nombre escrito
mail-receipt-recorded = Registrado
mail-receipt-file-sha = SHA-256 del archivo
mail-receipt-audit-record = Registro de auditoría
mail-receipt-audit-no = N.º { $seq }
mail-receipt-audit-hash = Hash de auditoría
mail-receipt-check-at = Compruébelo en
mail-receipt-chain = El registro de auditoría es un eslabón de una cadena de hashes: cambiar o borrar cualquier registro anterior cambiaría este hash.

mail-code-subject = Su código para decidir sobre { $title }
mail-code-lead = Su código para decidir sobre «{ $title }» es { $code }
mail-code-how = Escríbalo en el formulario de decisión. Vale durante 10 minutos.
mail-code-not-you = Si no pidió este código, puede ignorar este mensaje: nadie puede decidir en su nombre sin él.
