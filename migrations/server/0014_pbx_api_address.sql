-- Where a cloud PBX's API answers (issue 16: its recordings are fetched through it). Empty: the
-- provider's public address (Zadarma https://api.zadarma.com, Mango Office
-- https://app.mango-office.ru/vpbx); Novofon's accounts use https://api.novofon.com.
ALTER TABLE pbx_source ADD COLUMN api_url text;
