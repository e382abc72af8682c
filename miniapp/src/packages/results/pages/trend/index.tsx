import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { localDate, type FamilyMember, type TrendSeries } from '@ygt/shared';
import { HealthConsentGate } from '../../../../components/health-consent-gate';
import { Page } from '../../../../components/page';
import { RemoteView, useRemote } from '../../../../components/remote';
import { getFamilyMember } from '../../../../services/account';
import { getTrend, listTrendItems, type TrendItem } from '../../../../services/results';
import { useElderMode } from '../../../../stores/elder-mode';
import { TrendChart } from '../../components/trend-chart';
import { flagArrow, flagDisplay, formatDate, formatValue, RESULTS_PAGES, trendCodes } from '../../results';
import '../../results.scss';
import './index.scss';

/**
 * 指标变化: one item's values over time across facilities (with ?code=), or the items that have
 * values to chart (without). Blood pressure shows systolic and diastolic together.
 */
export default function TrendPage() {
  const { memberId = '', code } = useRouter().params;
  return (
    <Page className="result-trend">
      <HealthConsentGate service="报告查询">{code ? <Trend memberId={memberId} code={code} /> : <TrendItems memberId={memberId} />}</HealthConsentGate>
    </Page>
  );
}

async function memberOrNull(memberId: string): Promise<FamilyMember | null> {
  // Only for the title: the chart does without it.
  return getFamilyMember(memberId).catch(() => null);
}

function TrendItems({ memberId }: { memberId: string }) {
  const [elder] = useElderMode();
  const [state, reload] = useRemote(() => Promise.all([listTrendItems(memberId), memberOrNull(memberId)]), [memberId]);
  return (
    <RemoteView state={state} onRetry={reload} isEmpty={([items]) => items.length === 0} emptyText="近两年还没有可以画成曲线的结果" loadingText="正在查结果…">
      {([items, member]) => (
        <View>
          <Text className="section-title">{member ? `${member.name}的` : ''}哪一项？点开看历次变化</Text>
          {items.map((item) => (
            <TrendItemCard key={item.code} item={item} memberId={memberId} elder={elder} />
          ))}
        </View>
      )}
    </RemoteView>
  );
}

function TrendItemCard({ item, memberId, elder }: { item: TrendItem; memberId: string; elder: boolean }) {
  const flag = flagDisplay(item.latestFlag);
  return (
    <View
      className="card trend-item"
      data-testid="trend-item"
      data-code={item.code}
      hoverClass="trend-item--pressed"
      onClick={() => Taro.navigateTo({ url: RESULTS_PAGES.trend(memberId, item.code) })}
    >
      <View className="trend-item__main">
        <Text className="trend-item__name">{item.name}</Text>
        <Text className="trend-item__count">{item.count} 次</Text>
      </View>
      <View className="trend-item__latest">
        <Text className="trend-item__value">
          最近：{formatValue(item.latestValue)}
          {item.unit ? ` ${item.unit}` : ''}
        </Text>
        {flag && <Text className={`rs-flag rs-flag--${flag.tone}`}>{flag.text}</Text>}
      </View>
      {!elder && <Text className="trend-item__date muted">{formatDate(localDate(item.latestAt))}</Text>}
    </View>
  );
}

function Trend({ memberId, code }: { memberId: string; code: string }) {
  const [state, reload] = useRemote(() => Promise.all([getTrend(memberId, trendCodes(code)), memberOrNull(memberId)]), [memberId, code]);
  return (
    <RemoteView
      state={state}
      onRetry={reload}
      isEmpty={([series]) => series.every((s) => s.points.length === 0)}
      emptyText="近两年没有这一项的结果"
      loadingText="正在画变化曲线…"
    >
      {([series, member]) => (
        <View>
          {series
            .filter((s) => s.points.length > 0)
            .map((s) => (
              <SeriesCard key={s.code} series={s} member={member} />
            ))}
          <Text className="rs-link trend-foot" data-testid="trend-other-items" onClick={() => Taro.navigateTo({ url: RESULTS_PAGES.trend(memberId) })}>
            看其他指标的变化 ›
          </Text>
        </View>
      )}
    </RemoteView>
  );
}

/** How the latest value compares with the one before, in words (no judgement: the doctor judges). */
function changeWords(series: TrendSeries): string | null {
  const n = series.points.length;
  if (n < 2) return null;
  const last = series.points[n - 1];
  const prev = series.points[n - 2];
  const diff = Math.round((last.value - prev.value) * 1000) / 1000;
  const when = `${formatDate(prev.date)}在${prev.facility.shortName || prev.facility.name}`;
  if (diff === 0) return `和上次（${when}）一样`;
  return `比上次（${when}）${diff > 0 ? '高' : '低'} ${formatValue(Math.abs(diff))}${series.unit ? ` ${series.unit}` : ''}`;
}

function SeriesCard({ series, member }: { series: TrendSeries; member: FamilyMember | null }) {
  const [elder] = useElderMode();
  const latest = series.points[series.points.length - 1];
  const flag = flagDisplay(latest.flag);
  const change = changeWords(series);
  const range =
    series.referenceLow !== null && series.referenceHigh !== null
      ? `${formatValue(series.referenceLow)} - ${formatValue(series.referenceHigh)}`
      : series.referenceHigh !== null
        ? `≤ ${formatValue(series.referenceHigh)}`
        : series.referenceLow !== null
          ? `≥ ${formatValue(series.referenceLow)}`
          : null;
  return (
    <View className="trend-series" data-testid="trend-series" data-code={series.code}>
      <View className="card trend-summary">
        <Text className="trend-summary__title" data-testid="trend-title">
          {member ? `${member.name}的` : ''}
          {series.name}
        </Text>
        <View className="trend-summary__latest">
          <Text className={`trend-summary__value rs-tone--${flag?.tone ?? 'normal'}`} data-testid="trend-latest">
            {formatValue(latest.value)}
            {series.unit ? <Text className="trend-summary__unit"> {series.unit}</Text> : null}
          </Text>
          {flag && <Text className={`rs-flag rs-flag--${flag.tone}`}>{flag.text}</Text>}
        </View>
        <Text className="trend-summary__line">
          最近一次：{formatDate(latest.date)} · {latest.facility.name}
        </Text>
        {change && <Text className="trend-summary__line">{change}</Text>}
        {range && (
          <Text className="trend-summary__line">
            参考范围：{range}
            {series.unit ? ` ${series.unit}` : ''}
          </Text>
        )}
      </View>

      <View className="card trend-chart-card">
        <Text className="trend-chart-card__title">
          近两年 {series.points.length} 次结果{elder ? '' : '（各医院的结果画在一起）'}
        </Text>
        <TrendChart series={series} elder={elder} />
        {series.excludedPoints > 0 && <Text className="rs-note rs-note--warn">另有 {series.excludedPoints} 次结果的单位不同，没有画进图里。</Text>}
      </View>

      <Text className="section-title">历次结果</Text>
      <View className="card trend-table" data-testid="trend-table">
        <View className="trend-table__row trend-table__row--head">
          <Text className="trend-table__cell trend-table__cell--date">日期</Text>
          <Text className="trend-table__cell trend-table__cell--value">结果</Text>
          {!elder && <Text className="trend-table__cell trend-table__cell--facility">医院</Text>}
        </View>
        {[...series.points].reverse().map((p, i) => {
          const f = flagDisplay(p.flag);
          const abnormal = f && f.tone !== 'normal';
          return (
            <View
              key={`${p.reportId}-${i}`}
              className="trend-table__row"
              data-testid="trend-row"
              hoverClass="trend-table__row--pressed"
              onClick={() => Taro.navigateTo({ url: RESULTS_PAGES.report(p.reportId) })}
            >
              <View className="trend-table__cell trend-table__cell--date">
                <Text>{formatDate(p.date)}</Text>
                {elder && <Text className="trend-table__sub">{p.facility.shortName || p.facility.name}</Text>}
              </View>
              <View className="trend-table__cell trend-table__cell--value">
                <Text className={`trend-table__value rs-tone--${f?.tone ?? 'normal'}`}>
                  {formatValue(p.value)}
                  {flagArrow(p.flag)}
                </Text>
                {abnormal && <Text className={`trend-table__flag rs-tone--${f.tone}`}>{f.tone === 'critical' ? '危急值' : f.text.replace(/\s*[↑↓]/, '')}</Text>}
              </View>
              {!elder && <Text className="trend-table__cell trend-table__cell--facility">{p.facility.shortName || p.facility.name}</Text>}
            </View>
          );
        })}
      </View>
    </View>
  );
}
