// Vocabulary for the demo generator: common Russian and English names, organisations and phrases.

export const RU_MALE_FIRST = ['Александр', 'Дмитрий', 'Максим', 'Сергей', 'Андрей', 'Алексей', 'Артём', 'Илья', 'Кирилл', 'Михаил', 'Никита', 'Матвей', 'Роман', 'Егор', 'Иван', 'Владимир', 'Павел', 'Николай', 'Олег', 'Юрий', 'Фёдор', 'Григорий'];
export const RU_FEMALE_FIRST = ['Анна', 'Мария', 'Елена', 'Ольга', 'Наталья', 'Татьяна', 'Ирина', 'Екатерина', 'Светлана', 'Юлия', 'Анастасия', 'Дарья', 'Ксения', 'Алёна', 'Виктория', 'Полина', 'Софья', 'Людмила', 'Галина', 'Вера'];
export const RU_SURNAMES = ['Иванов', 'Смирнов', 'Кузнецов', 'Попов', 'Васильев', 'Петров', 'Соколов', 'Михайлов', 'Новиков', 'Фёдоров', 'Морозов', 'Волков', 'Алексеев', 'Лебедев', 'Семёнов', 'Егоров', 'Павлов', 'Козлов', 'Степанов', 'Николаев', 'Орлов', 'Андреев', 'Макаров', 'Никитин', 'Захаров', 'Зайцев', 'Соловьёв', 'Борисов', 'Яковлев', 'Григорьев', 'Романов', 'Воробьёв', 'Сергеев', 'Кузьмин', 'Фролов', 'Белов'];
export const RU_PATRONYMIC_ROOTS = ['Александров', 'Дмитриев', 'Сергеев', 'Андреев', 'Алексеев', 'Михайлов', 'Иванов', 'Владимиров', 'Павлов', 'Николаев', 'Олегов', 'Юрьев', 'Викторов', 'Петров'];
export const EN_FIRST = ['James', 'Mary', 'John', 'Patricia', 'Robert', 'Jennifer', 'Michael', 'Linda', 'William', 'Elizabeth', 'David', 'Susan', 'Richard', 'Jessica', 'Thomas', 'Sarah', 'Charles', 'Karen', 'Emily', 'Oliver', 'Amelia', 'Harry', 'Chloe', 'George'];
export const EN_SURNAMES = ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Miller', 'Davis', 'Wilson', 'Taylor', 'Anderson', 'Thomas', 'Moore', 'Martin', 'Thompson', 'White', 'Harris', 'Clark', 'Lewis', 'Walker', 'Hall', 'Young', 'King', 'Wright', 'Green'];

export const RU_ORG_FORMS = ['ООО', 'АО', 'ПАО', 'ИП'];
export const RU_ORG_NAMES = ['Ромашка', 'Северный ветер', 'ТехноСервис', 'Гарант', 'Вектор', 'СтройМонтаж', 'Волга-Трейд', 'Альфа Логистик', 'Медиа Плюс', 'Уральские узоры', 'Байкал', 'Промресурс', 'Нева Консалт', 'Сибирская сеть', 'Каскад', 'Меридиан'];
export const EN_ORG_NAMES = ['Acme', 'Northwind Traders', 'Globex', 'Initech', 'Umbrella Logistics', 'Blue Harbor', 'Sterling & Co', 'Brightline', 'Oakridge Systems', 'Riverside Foods'];
export const EN_ORG_FORMS = ['Ltd', 'LLC', 'Inc.', 'GmbH'];

export const SEGMENTS = ['VIP', 'корпоративный', 'розница', 'опт', 'новый', null] as const;

export const RU_TRANSLIT: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k', л: 'l', м: 'm', н: 'n', о: 'o',
  п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch', ъ: '', ы: 'y', ь: '', э: 'e',
  ю: 'yu', я: 'ya',
};

export const EMAIL_DOMAINS = ['mail.ru', 'yandex.ru', 'gmail.com', 'bk.ru', 'rambler.ru', 'outlook.com', 'inbox.ru'];

/** Mobile codes (DEF) that libphonenumber accepts as valid Russian mobiles. */
export const RU_MOBILE_CODES = ['903', '905', '906', '909', '910', '912', '915', '916', '917', '919', '921', '925', '926', '929', '950', '960', '963', '964', '977', '985', '999'];
export const RU_LANDLINE_CODES = ['495', '499', '812', '343', '383'];

export const NOTES_RU: Record<string, string[]> = {
  complaint: [
    'Клиент недоволен задержкой доставки заказа №{n}, требует компенсацию.',
    'Жалоба на качество обслуживания в офисе, просит связаться руководителя.',
    'Повторная жалоба: счёт №{n} выставлен дважды.',
    'Клиент раздражён, товар пришёл с повреждениями, фото отправит на почту.',
  ],
  service_request: [
    'Просит перенести дату монтажа на следующую неделю.',
    'Заявка на ремонт оборудования, серийный номер {n}.',
    'Нужна замена картриджа, оформлена заявка №{n}.',
    'Просит подключить дополнительную услугу с первого числа.',
  ],
  information: [
    'Уточнил условия тарифа и сроки действия акции.',
    'Спрашивал график работы офиса в праздничные дни.',
    'Интересовался статусом заказа №{n}.',
    'Запросил копию договора и реквизиты.',
  ],
  sales: [
    'Оформлен заказ на {n} позиций, клиент доволен ценой.',
    'Предложили расширенный пакет, клиент думает до пятницы.',
    'Отправлено коммерческое предложение, ждём ответа.',
    'Клиент согласился на продление договора на год.',
  ],
  other: ['Ошиблись номером.', 'Звонок прервался, перезвонить.', 'Клиент просил больше не звонить в выходные.'],
};

export const NOTES_EN: Record<string, string[]> = {
  complaint: ['Customer unhappy about late delivery of order {n}, asks for a refund.', 'Invoice {n} was charged twice, wants it fixed.'],
  service_request: ['Asked to reschedule the installation to next week.', 'Repair request for device serial {n}.'],
  information: ['Asked about opening hours and the current promotion.', 'Checked the status of order {n}.'],
  sales: ['Placed an order for {n} items.', 'Sent a quote for the premium plan, follow up on Friday.'],
  other: ['Wrong number.', 'Call dropped, call back later.'],
};

// Outcomes and promises follow the customer's language, like the notes: a Russian-speaking
// customer's history reads in Russian, an English-speaking one's in English.
export const OUTCOMES_RU = ['решено', 'эскалация', 'перезвонить', 'ждём документы', 'продажа', 'информирован'];
export const OUTCOMES_EN = ['resolved', 'escalated', 'call back', 'awaiting documents', 'sale', 'informed'];
export const CASE_SUBJECTS_RU = ['Задержка доставки', 'Двойное списание', 'Ремонт оборудования', 'Подключение услуги', 'Возврат товара', 'Продление договора'];
export const CASE_SUBJECTS_EN = ['Late delivery', 'Double charge', 'Device repair', 'Plan upgrade'];
export const PROMISES_RU = ['Перезвоним до конца недели', 'Вернём деньги в течение 10 дней', 'Пришлём мастера в четверг', 'Пришлём договор на почту', null];
export const PROMISES_EN = ['We will call back on Monday', 'Refund within 10 days', 'Engineer visit on Thursday', 'Contract sent by email', null];
