export const tableName = 'person';
/** A real person, identified by their resident ID number; shared by every account that cares for them. */
export interface PersonTable {
  id: string;
  name: string;
  /** AES-256-GCM `keyId:iv:tag:ct` (never plaintext). */
  id_number_enc: string;
  /** HMAC blind index of the ID number: exact lookup, unique. */
  id_number_bidx: string;
  phone_enc: string | null;
  sex: string;
  birth_date: string;
  /** 电子健康卡 code shown as a QR code; unguessable. */
  health_card_code: string;
  /** The account that is this person's own (本人), if any. */
  own_account_id: string | null;
  created_at: number;
  updated_at: number;
}
