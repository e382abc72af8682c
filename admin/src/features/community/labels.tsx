import { FACILITY_LEVEL_LABELS, type FacilityLevel } from '@ygt/shared';
import { Tag } from 'antd';

const LEVEL_COLORS: Record<FacilityLevel, string> = {
  county: 'blue',
  township: 'cyan',
  village: 'green',
  pharmacy: 'gold',
};

export function FacilityLevelTag({ level }: { level: FacilityLevel }) {
  return (
    <Tag color={LEVEL_COLORS[level]} bordered={false}>
      {FACILITY_LEVEL_LABELS[level]}
    </Tag>
  );
}

/** County-level facilities and the central pharmacy belong to no township: they report to the county. */
export function townshipText(township: string | null): string {
  return township ?? '县直属';
}
