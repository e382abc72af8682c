import type { StaffSettlementRecord } from '@ygt/shared';
import { Tag } from 'antd';

/** The figures a record is shown with: the HIS's when it sent them, else ours. */
export function shownAmounts(r: StaffSettlementRecord): { insurance: number; patient: number } | null {
  if (r.reported) {
    return { insurance: r.reported.fundPaid + r.reported.seriousIllnessPaid + r.reported.medicalAid, patient: r.reported.personalAccountPaid + r.reported.cashPaid };
  }
  if (r.computed) return { insurance: r.computed.fundPaid + r.computed.seriousIllnessPaid + r.computed.medicalAid, patient: r.computed.patientPaid };
  return null;
}

export function StateTag({ record }: { record: StaffSettlementRecord }) {
  if (record.kind === 'reversal') return <Tag color="orange">冲正单</Tag>;
  return record.state === 'reversed' ? <Tag color="red">已冲正</Tag> : <Tag color="green">已结算</Tag>;
}
