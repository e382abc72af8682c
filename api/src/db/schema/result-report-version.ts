export const tableName = 'result_report_version';
/** Every version of a report as received: corrections replace the report and stay here as history. */
export interface ResultReportVersionTable {
  id: string;
  report_id: string;
  version: number;
  status: string;
  content_hash: string;
  /** JSON: the report's values and conclusion as they were in this version. */
  snapshot: string;
  received_at: number;
  superseded_at: number | null;
}
