import { TIME_ZONE, type Recognition, type ResultFlag } from '@ygt/shared';
import { Tag, Tooltip, Typography } from 'antd';

/** Dates and times of results, always in Asia/Shanghai whatever the computer's zone. */
const DATE_TIME = new Intl.DateTimeFormat('zh-CN', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
const DATE = new Intl.DateTimeFormat('zh-CN', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

export const formatDateTime = (epochMs: number) => DATE_TIME.format(epochMs);
export const formatDate = (epochMs: number) => DATE.format(epochMs);

const FLAG_TAGS: Record<ResultFlag, { color: string; text: string }> = {
  N: { color: 'green', text: '正常' },
  H: { color: 'orange', text: '偏高 ↑' },
  L: { color: 'blue', text: '偏低 ↓' },
  A: { color: 'orange', text: '异常' },
  HH: { color: 'red', text: '危急值 ↑↑' },
  LL: { color: 'red', text: '危急值 ↓↓' },
  AA: { color: 'red', text: '危急值' },
};

/** A flag as colour and words. */
export function FlagTag({ flag }: { flag: ResultFlag | null }) {
  if (!flag) return <Typography.Text type="secondary">—</Typography.Text>;
  const { color, text } = FLAG_TAGS[flag];
  return (
    <Tag color={color} style={{ margin: 0, fontWeight: flag.length > 1 ? 700 : undefined }}>
      {text}
    </Tag>
  );
}

/** The HR mark and validity, or why the result is not recognised. */
export function RecognitionTag({ recognition }: { recognition: Recognition }) {
  if (recognition.recognised) {
    return (
      <Tooltip title={recognition.label}>
        <Tag color="cyan" style={{ margin: 0 }} data-testid="staff-result-hr">
          {recognition.mark} 互认 · 至 {recognition.validUntil}
        </Tag>
      </Tooltip>
    );
  }
  return (
    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
      {recognition.label}
    </Typography.Text>
  );
}

/** “青石镇中心卫生院” or, for an exam read elsewhere, “检查 青石镇中心卫生院 · 诊断 云溪县人民医院”. */
export function facilityText(r: { performingFacility: { id: string; name: string }; interpretingFacility: { id: string; name: string } | null }): string {
  const reader = r.interpretingFacility;
  if (reader && reader.id !== r.performingFacility.id) return `检查 ${r.performingFacility.name} · 诊断 ${reader.name}`;
  return r.performingFacility.name;
}

export const SOURCE_LABELS = { fhir: 'FHIR 接口', hl7v2: 'HL7 v2 接口', manual: '手工录入' } as const;
