export const tableName = 'result_report';
/**
 * A test or exam report from a member facility (FHIR DiagnosticReport / HL7 v2 OBR), in its
 * current version; earlier versions live in result_report_version. One row per sender facility
 * and report identifier (report_key), so re-sending never duplicates.
 */
export interface ResultReportTable {
  id: string;
  /** `submitting facility id|identifier`: unique, the idempotency key. */
  report_key: string;
  identifier: string;
  version: number;
  /** NULL while held for patient matching. */
  person_id: string | null;
  /** matched | unmatched */
  match_status: string;
  /** The resident ID number as sent, AES-GCM encrypted, with its blind index for matching. */
  patient_id_enc: string;
  patient_id_bidx: string;
  patient_name: string;
  /** lab | exam */
  category: string;
  section: string;
  /** Catalogue code where known, else LOINC, else the local code. */
  code: string;
  loinc: string | null;
  local_code: string;
  local_system: string | null;
  name: string;
  performing_facility_id: string;
  interpreting_facility_id: string | null;
  submitting_facility_id: string;
  status: string;
  effective_at: number;
  issued_at: number;
  conclusion: string | null;
  /** 0/1: passed quality control at the sender (a condition of mutual recognition). */
  qc_passed: number;
  /** ImagingStudy summary as JSON, for exams with images. */
  imaging: string | null;
  /** fhir | hl7v2 | manual */
  source: string;
  entered_by_staff_id: string | null;
  /** held | released: held reports are invisible to residents until a doctor releases them. */
  release_state: string;
  /** critical | category, while held (kept after release to show why it was held). */
  hold_reason: string | null;
  released_at: number | null;
  released_by_staff_id: string | null;
  release_comment: string | null;
  content_hash: string;
  received_at: number;
  updated_at: number;
}
