// IVR data with the call and the customer's account number (issue 26). Russian and English, joined
// into ru.ts and en.ts as `ivr`.
export const ivrRu = {
  foundBy: 'Номер скрыт или неизвестен: клиент найден по номеру договора, набранному в голосовом меню ({{digits}}).',
  path: 'меню: {{path}}',
  digits: 'набрал(а): {{digits}}',
  accountNo: 'Номер договора или лицевого счёта',
  accountShort: 'Договор {{accountNo}}',
  entryPath: 'Голосовое меню',
  entryDigits: 'Набрано в меню',
};

export const ivrEn: typeof ivrRu = {
  foundBy: 'The number is withheld or unknown: the customer was found by the contract number keyed in the IVR ({{digits}}).',
  path: 'IVR: {{path}}',
  digits: 'keyed in: {{digits}}',
  accountNo: 'Contract or account number',
  accountShort: 'Contract {{accountNo}}',
  entryPath: 'IVR menu',
  entryDigits: 'Keyed in the IVR',
};
