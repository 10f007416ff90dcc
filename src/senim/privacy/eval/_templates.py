"""Sentence templates of the synthetic generator, per language and domain.

Slots in braces are filled by :mod:`senim.privacy.eval.generator`:

- entities (gold): ``name`` and its case forms ``name_gen``/``name_dat``/``name_acc``/``name_abl``
  (Kazakh) or ``name_gen``/``name_dat``/``name_ins`` (Russian), ``given``, ``iin``, ``bin``, ``phone``,
  ``mobile``, ``landline``, ``email``, ``iban``, ``iban_foreign``, ``card``, ``passport``, ``idcard``,
  ``ip``, ``dob`` (any format), ``dob_num`` (digits only), ``addr``;
- decoys (must not be found): ``order12`` (12 digits, bad IIN check digit), ``badcard`` (Luhn-invalid),
  ``num9`` (9 digits, no ID-card context), ``date`` (not a birth date), ``badphone`` (unassigned
  operator code), ``badiban`` (bad mod-97 check digits);
- fillers: ``amount``, ``city``, ``n``.
"""

from __future__ import annotations

from typing import Final

TEMPLATES: Final[dict[str, tuple[tuple[str, str], ...]]] = {
    "ru": (
        (
            "bank",
            "Клиент {name}, ИИН {iin}, просит перевести {amount} тенге на счёт {iban}. "
            "Контактный телефон: {phone}.",
        ),
        (
            "bank",
            "Выписка по карте {card} за период с {date} по {date}. Владелец: {name}. Номер заказа {order12}.",
        ),
        ("bank", "Платёж от ТОО (БИН {bin}) зачислен на IBAN {iban}; {name_dat} отправлено SMS на {mobile}."),
        ("bank", "Возврат средств {name_dat} по транзакции {order12} выполнен на карту {card}."),
        (
            "bank",
            "Заявка на кредит: {name}, дата рождения {dob}, ИИН {iin}, адрес: г. {city}, {addr}. "
            "E-mail: {email}.",
        ),
        ("bank", "SWIFT-перевод от {name_gen} со счёта {iban_foreign} на сумму {amount} EUR."),
        (
            "hr",
            "Приказ о приёме на работу {name_gen} (ИИН {iin}, удостоверение личности № {idcard}) "
            "на должность бухгалтера.",
        ),
        ("hr", "Сотрудник: {name}. Паспорт {passport}. Телефон {phone}, почта {email}."),
        ("hr", "Отдел кадров: анкета {name_gen}, дата рождения: {dob}, адрес проживания: {addr}."),
        ("hr", "Премия выплачена: трек-код документа {num9}, дата приказа {date}, список №{n}."),
        ("hr", "Ответственный за охрану труда — {name}, раб. тел. {landline}."),
        (
            "complaint",
            "Жалоба от {name_gen}: с моей карты {card} {date} списали {amount} тенге без моего "
            "согласия. Прошу связаться по номеру {phone}.",
        ),
        ("complaint", "Я, {name}, проживаю по адресу: {addr}, прошу разобраться. Мой ИИН {iin}."),
        (
            "complaint",
            "Оператор звонил с номера {badphone}, номер обращения {order12}; возврат на счёт "
            "{badiban} не прошёл, карта {badcard} не найдена.",
        ),
        ("chat", "Привет, {given}! Скинь номер, пожалуйста) мой {mobile}"),
        ("chat", "{given}, переведи на карту {card}, я потом верну"),
        ("chat", "напиши мне на {email} или в телегу {mobile}"),
        ("chat", "код из смс не приходит, заказ {order12}, ip {ip}"),
        ("medical", "Пациент {name}, {dob_num} г.р., ИИН {iin}. Диагноз: ОРВИ. Лечащий врач: {name}."),
        ("medical", "Направление на анализы выдано {name_dat}; полис привязан к ИИН {iin}; тел. {landline}."),
        ("medical", "Приём {date} в 10:30, кабинет {n}. Результаты отправлены на {email}."),
        (
            "police",
            "Протокол: гр. {name}, {dob_num} года рождения, удостоверение личности № {idcard}, "
            "проживает: г. {city}, {addr}.",
        ),
        (
            "police",
            "Со слов заявителя ({name}), неизвестный звонил с номера {phone} и представился "
            "сотрудником банка.",
        ),
        ("police", "Задержан {name}, паспорт {passport}; IP-адрес {ip} установлен по логам провайдера."),
        ("police", "Материал зарегистрирован в КУИ {date}, трек-код {num9}, сумма ущерба {amount} тенге."),
        ("police", "Беседа проведена с {name_ins}, ИИН {iin}, тел. {mobile}."),
    ),
    "kk": (
        (
            "bank",
            "Клиент {name}, ЖСН {iin}, {amount} теңгені {iban} шотына аударуды сұрайды. "
            "Байланыс телефоны: {phone}.",
        ),
        ("bank", "{name_gen} {card} картасы бойынша үзінді көшірме. Тапсырыс нөмірі {order12}."),
        ("bank", "ЖШС төлемі (БСН {bin}) {iban} шотына түсті, {name_dat} {mobile} нөміріне SMS жіберілді."),
        (
            "bank",
            "Несие өтінімі: {name}, туған күні {dob}, ЖСН {iin}, мекенжайы: {city} қ., {addr}. "
            "Email: {email}.",
        ),
        ("bank", "{name_abl} {iban_foreign} шотынан {amount} EUR аударым келді."),
        (
            "hr",
            "{name_acc} бухгалтер лауазымына жұмысқа қабылдау туралы бұйрық (ЖСН {iin}, жеке куәлік "
            "№ {idcard}).",
        ),
        ("hr", "Қызметкер: {name}. Төлқұжат {passport}. Телефон {phone}, пошта {email}."),
        ("hr", "Кадр бөлімі: {name_gen} сауалнамасы, туған күні: {dob}, тұратын мекенжайы: {addr}."),
        ("hr", "Бұйрық {date} күні шықты, құжаттың трек-коды {num9}, тізім №{n}."),
        ("hr", "Еңбек қауіпсіздігіне жауапты: {name}, жұмыс тел. {landline}."),
        (
            "complaint",
            "{name_abl} шағым: {date} күні менің {card} картамнан {amount} теңге рұқсатсыз "
            "алынды. {phone} нөміріне хабарласыңыз.",
        ),
        ("complaint", "Мен, {name}, {addr} мекенжайында тұрамын, мәселені шешуді сұраймын. ЖСН {iin}."),
        (
            "complaint",
            "Оператор {badphone} нөмірінен қоңырау шалды, өтініш нөмірі {order12}; {badiban} "
            "шотына қайтару өтпеді, {badcard} картасы табылмады.",
        ),
        ("chat", "Сәлем, {given}! Нөміріңді жіберші, менікі {mobile}"),
        ("chat", "{given}, {card} картасына аударып жіберші, кейін қайтарамын"),
        ("chat", "{email} поштасына жаз немесе {mobile} телеграмға"),
        ("chat", "смс келмей жатыр, тапсырыс {order12}, ip {ip}"),
        ("medical", "Науқас {name}, туған күні {dob}, ЖСН {iin}. Диагнозы: ЖРВИ. Емдеуші дәрігер: {name}."),
        ("medical", "Талдауға жолдама {name_dat} берілді; ЖСН {iin}; тел. {landline}."),
        (
            "medical",
            "Қабылдау {date} күні сағат 10:30-да, {n}-кабинет. Нәтижелер {email} поштасына жіберілді.",
        ),
        (
            "police",
            "Хаттама: азамат {name}, {dob_num} жылы туған, жеке куәлік № {idcard}, мекенжайы: "
            "{city} қ., {addr}.",
        ),
        (
            "police",
            "Өтініш берушінің ({name}) айтуынша, белгісіз адам {phone} нөмірінен қоңырау шалып, "
            "банк қызметкері ретінде таныстырған.",
        ),
        (
            "police",
            "{name} ұсталды, төлқұжат {passport}; провайдер логтары бойынша IP-мекенжай {ip} анықталды.",
        ),
        ("police", "Материал {date} күні тіркелді, трек-коды {num9}, залал {amount} теңге."),
        ("police", "{name_gen} ЖСН {iin}, ұялы телефоны {mobile}."),
    ),
    "en": (
        (
            "bank",
            "Customer {name}, IIN {iin}, requests a transfer of {amount} KZT to account {iban}. "
            "Contact phone: {phone}.",
        ),
        (
            "bank",
            "Statement for card {card} from {date} to {date}. Cardholder: {name}. Order number {order12}.",
        ),
        (
            "bank",
            "Payment from LLP (BIN {bin}) credited to IBAN {iban}; an SMS was sent to {name} at {mobile}.",
        ),
        (
            "bank",
            "Loan application: {name}, date of birth {dob}, IIN {iin}, address: {addr}, {city}. "
            "Email: {email}.",
        ),
        ("bank", "Incoming SWIFT transfer of {amount} EUR from {name}, account {iban_foreign}."),
        ("hr", "Offer letter for {name} (IIN {iin}, ID card No. {idcard}), position: accountant."),
        ("hr", "Employee: {name}. Passport {passport}. Phone {phone}, email {email}."),
        ("hr", "HR file of {name}: born {dob}, home address {addr}."),
        ("hr", "The bonus order was issued on {date}; document tracking code {num9}, list no. {n}."),
        ("hr", "Health and safety officer: {name}, office tel. {landline}."),
        (
            "complaint",
            "Complaint from {name}: on {date} {amount} KZT was charged to my card {card} without "
            "consent. Please call me at {phone}.",
        ),
        ("complaint", "I, {name}, living at {addr}, ask you to investigate. My IIN is {iin}."),
        (
            "complaint",
            "The operator called from {badphone}, ticket number {order12}; the refund to {badiban} "
            "failed and card {badcard} was not found.",
        ),
        ("chat", "hey {given}! send me your number, mine is {mobile}"),
        ("chat", "{given} pls transfer to {card}, will pay you back"),
        ("chat", "write to {email} or text {mobile}"),
        ("chat", "sms code not arriving, order {order12}, ip {ip}"),
        (
            "medical",
            "Patient {name}, DOB {dob}, IIN {iin}. Diagnosis: acute respiratory infection. "
            "Attending physician: Dr. {name}.",
        ),
        ("medical", "Lab referral issued to {name}; results linked to IIN {iin}; tel. {landline}."),
        ("medical", "Appointment on {date} at 10:30, room {n}. Results were emailed to {email}."),
        ("police", "Report: {name}, born on {dob}, identity card No. {idcard}, resides at {addr}, {city}."),
        (
            "police",
            "According to the applicant, {name}, an unknown person called from {phone} posing as a "
            "bank employee.",
        ),
        (
            "police",
            "{name} was detained, passport {passport}; the IP address {ip} was traced from provider logs.",
        ),
        ("police", "Case registered on {date}, tracking code {num9}, damage {amount} KZT."),
    ),
}

#: Short free-text comments for the ``comment`` column of generated tables.
COMMENTS: Final[dict[str, tuple[str, ...]]] = {
    "ru": (
        "перезвонить после 18:00 на {mobile}",
        "клиент просил не звонить",
        "доверенное лицо: {name}",
        "запасной e-mail {email}",
        "заказ {order12} отменён",
        "дубликат карты {card} выдан {date}",
        "",
    ),
    "kk": (
        "18:00-ден кейін {mobile} нөміріне хабарласу",
        "сенімді адам: {name}",
        "тапсырыс {order12} жойылды",
        "клиент қоңырау шалмауды сұрады",
    ),
    "en": (
        "call back at {mobile} after 6 pm",
        "authorised person: {name}",
        "order {order12} cancelled",
        "no calls please",
    ),
}
