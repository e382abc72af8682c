export const tableName = 'drug';
/** The community formulary (县采: bought centrally by the county). Flags are 0/1. */
export interface DrugTable {
  id: string;
  code: string;
  generic_name: string;
  strength: string;
  form: string;
  /** Dose unit, e.g. 片, 粒, 吸. */
  unit: string;
  pack_size: number;
  pack_unit: string;
  /** Price of one pack, fen. */
  price_fen: number;
  /** 'A' 甲类, 'B' 乙类, 'C' 丙类. */
  insurance_class: string;
  toxic: number;
  radioactive: number;
  precursor: number;
  narcotic: number;
  /** 'I' | 'II' | null. */
  psychotropic: string | null;
  antimicrobial: number;
  chronic_infection_exception: number;
  special_storage: number;
  active: number;
  created_at: number;
  updated_at: number;
}
