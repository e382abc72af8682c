import { Text, View } from '@tarojs/components';
import { useElderMode } from '../../stores/elder-mode';
import { shareOf, thisYear, yuan } from './insurance';

/**
 * Small drawings shared by the insurance pages, made of plain Views so they look the same on
 * weapp and H5 without a chart library. Every bar says its numbers in words as well.
 */

/** What the fund paid next to what the resident paid, as one bar of the total. */
export function SplitBar({ insurance, patient }: { insurance: number; patient: number }) {
  const total = insurance + patient;
  if (total <= 0) return <Text className="muted">这次没有产生费用。</Text>;
  const fundShare = shareOf(insurance, total);
  return (
    <View className="split-bar" data-testid="insurance-split-bar">
      <View className="split-bar__track">
        {insurance > 0 && <View className="split-bar__fund" style={{ width: `${fundShare}%` }} />}
        {patient > 0 && <View className="split-bar__self" style={{ width: `${100 - fundShare}%` }} />}
      </View>
      <View className="split-bar__legend">
        <Text className="split-bar__key split-bar__key--fund">■ 医保付 {fundShare}%</Text>
        <Text className="split-bar__key split-bar__key--self">■ 您付 {100 - fundShare}%</Text>
      </View>
    </View>
  );
}

/** Used against a limit: the bar, then “已用 ¥x / 限额 ¥y，还剩 ¥z” in words. */
export function ProgressBar({ used, limit, testId, label }: { used: number; limit: number; testId: string; label: string }) {
  const share = shareOf(used, limit);
  return (
    <View className="progress" data-testid={testId}>
      <View className="progress__head">
        <Text className="progress__label">{label}</Text>
        <Text className="progress__share">已用 {share}%</Text>
      </View>
      <View className="progress__track">
        <View className={`progress__fill${share >= 90 ? ' progress__fill--high' : ''}`} style={{ width: `${Math.max(share, used > 0 ? 2 : 0)}%` }} />
      </View>
      <Text className="progress__words">
        已报 {yuan(used)}，一年最多 {yuan(limit)}，还能报 {yuan(Math.max(0, limit - used))}
      </Text>
    </View>
  );
}

/** This year and the two before: settlements older than that are rarely asked about. */
export function YearSwitch({ value, onChange }: { value: number; onChange: (year: number) => void }) {
  const [elder] = useElderMode();
  const now = thisYear();
  const years = [now, now - 1, now - 2];
  // 关怀版: the words people say, big enough to fit.
  const label = (year: number) => (elder ? ['今年', '去年', '前年'][now - year] : year === now ? `今年（${year}）` : `${year}年`);
  return (
    <View className="year-switch" role="radiogroup">
      {years.map((year) => (
        <View
          key={year}
          className={`year-switch__item${year === value ? ' year-switch__item--active' : ''}`}
          data-testid={`insurance-year-${year}`}
          role="radio"
          aria-checked={year === value}
          onClick={() => onChange(year)}
        >
          {label(year)}
        </View>
      ))}
    </View>
  );
}
