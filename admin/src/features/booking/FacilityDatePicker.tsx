import { addDays } from '@ygt/shared';
import { Button, DatePicker, Select, Space, Typography } from 'antd';
import dayjs from 'dayjs';
import { useSearchParams } from 'react-router-dom';
import { useSession } from '../auth/session';
import { todayInShanghai } from './format';

/**
 * The facility a desk page works on, kept in the address (?facilityId=) so a refresh or a shared
 * link opens the same desk. Defaults to the staff member's first facility.
 */
export function useDeskFacility(): [string | undefined, (facilityId: string) => void] {
  const { staff } = useSession();
  const [params, setParams] = useSearchParams();
  const facilities = staff?.facilities ?? [];
  const asked = params.get('facilityId');
  const facilityId = facilities.some((f) => f.id === asked) ? asked! : facilities[0]?.id;
  const set = (id: string) =>
    setParams(
      (p) => {
        p.set('facilityId', id);
        return p;
      },
      { replace: true },
    );
  return [facilityId, set];
}

/** A 'YYYY-MM-DD' kept in the address (?<key>=), defaulting to today in Asia/Shanghai. */
export function useDateParam(key: string, fallback: string = todayInShanghai()): [string, (date: string) => void] {
  const [params, setParams] = useSearchParams();
  const asked = params.get(key);
  const date = asked && /^\d{4}-\d{2}-\d{2}$/.test(asked) ? asked : fallback;
  const set = (d: string) =>
    setParams(
      (p) => {
        p.set(key, d);
        return p;
      },
      { replace: true },
    );
  return [date, set];
}

export function FacilitySelect({ value, onChange }: { value: string | undefined; onChange: (id: string) => void }) {
  const { staff } = useSession();
  const facilities = staff?.facilities ?? [];
  if (facilities.length <= 1) {
    return (
      <Typography.Text strong style={{ fontSize: 15 }} data-testid="desk-facility-name">
        {facilities[0]?.name ?? '未绑定机构'}
      </Typography.Text>
    );
  }
  return (
    <Select
      style={{ minWidth: 220 }}
      value={value}
      onChange={onChange}
      options={facilities.map((f) => ({ value: f.id, label: f.name }))}
      data-testid="desk-facility"
    />
  );
}

/** A day picker with 今天 / 明天 one click away. */
export function DayPicker({ value, onChange, testId }: { value: string; onChange: (date: string) => void; testId: string }) {
  const today = todayInShanghai();
  return (
    <Space size={6}>
      <DatePicker
        allowClear={false}
        value={dayjs(value)}
        onChange={(d) => d && onChange(d.format('YYYY-MM-DD'))}
        style={{ width: 140 }}
        data-testid={testId}
      />
      <Button type={value === today ? 'primary' : 'default'} ghost={value === today} onClick={() => onChange(today)} data-testid={`${testId}-today`}>
        今天
      </Button>
      <Button type={value === addDays(today, 1) ? 'primary' : 'default'} ghost={value === addDays(today, 1)} onClick={() => onChange(addDays(today, 1))} data-testid={`${testId}-tomorrow`}>
        明天
      </Button>
    </Space>
  );
}
