import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { localDate, type FamilyMember, type ResultCategory, type ResultReportSummary } from '@ygt/shared';
import { useEffect, useState } from 'react';
import { HealthConsentGate } from '../../../../components/health-consent-gate';
import { MemberPicker } from '../../../../components/member-picker';
import { Button } from '../../../../components/nutui';
import { Page } from '../../../../components/page';
import { RemoteView, useRemote } from '../../../../components/remote';
import { ApiError } from '../../../../services/api';
import { listResultFacilities, listResults, type ResultFilter, type ResultPage } from '../../../../services/results';
import { askSubscribe, preloadSubscribe } from '../../../../services/subscribe';
import { useElderMode } from '../../../../stores/elder-mode';
import { abnormalWords, facilityLine, formatDate, monthsBefore, recognitionBadge, recognitionValidity, RESULTS_PAGES } from '../../results';
import '../../results.scss';
import './index.scss';

type CategoryTab = 'all' | ResultCategory;
type Period = '3m' | '1y' | 'all';

const CATEGORY_TABS: { key: CategoryTab; label: string }[] = [
  { key: 'all', label: '全部' },
  { key: 'lab', label: '检验（化验）' },
  { key: 'exam', label: '检查' },
];

const PERIODS: { key: Period; label: string; months: number | null }[] = [
  { key: '3m', label: '近3个月', months: 3 },
  { key: '1y', label: '近1年', months: 12 },
  { key: 'all', label: '全部', months: null },
];

const PAGE_SIZE = 20;

/** 报告查询: every member facility's results for a family member, newest first. */
export default function ResultsHomePage() {
  return (
    <Page className="results-home">
      <HealthConsentGate service="报告查询">
        <ResultsHome />
      </HealthConsentGate>
    </Page>
  );
}

function ResultsHome() {
  const [member, setMember] = useState<FamilyMember>();
  useEffect(() => preloadSubscribe('results'), []);
  return (
    <View>
      <MemberPicker value={member?.id} onChange={setMember} title="查看谁的报告" />
      {member && <MemberResults key={member.id} member={member} />}
    </View>
  );
}

function MemberResults({ member }: { member: FamilyMember }) {
  const [elder] = useElderMode();
  const [category, setCategory] = useState<CategoryTab>('all');
  const [period, setPeriod] = useState<Period>('all');
  const [facilityId, setFacilityId] = useState<string>();
  const [facilities] = useRemote(() => listResultFacilities(member.id), [member.id]);

  const months = PERIODS.find((p) => p.key === period)!.months;
  const filter: ResultFilter = {
    category: category === 'all' ? undefined : category,
    facilityId,
    from: months === null ? undefined : monthsBefore(localDate(Date.now()), months),
    limit: PAGE_SIZE,
  };
  const [firstPage, reload] = useRemote(() => listResults(member.id, filter), [member.id, category, period, facilityId]);

  return (
    <View>
      <View className="results-shortcuts">
        <View className="results-shortcut" data-testid="results-open-trends" hoverClass="results-shortcut--pressed" onClick={() => Taro.navigateTo({ url: RESULTS_PAGES.trend(member.id) })}>
          <Text className="results-shortcut__title">看指标变化</Text>
          {!elder && <Text className="results-shortcut__hint">血糖、血压等历次结果画成曲线</Text>}
        </View>
        <SubscribeButton />
      </View>

      <View className="rs-chips" data-testid="results-filter-category">
        <Text className="rs-chips__label">类型</Text>
        {CATEGORY_TABS.map((tab) => (
          <Text
            key={tab.key}
            className={`rs-chip${tab.key === category ? ' rs-chip--active' : ''}`}
            data-testid={`results-category-${tab.key}`}
            onClick={() => setCategory(tab.key)}
          >
            {tab.label}
          </Text>
        ))}
      </View>
      <View className="rs-chips" data-testid="results-filter-period">
        <Text className="rs-chips__label">时间</Text>
        {PERIODS.map((p) => (
          <Text key={p.key} className={`rs-chip${p.key === period ? ' rs-chip--active' : ''}`} data-testid={`results-period-${p.key}`} onClick={() => setPeriod(p.key)}>
            {p.label}
          </Text>
        ))}
      </View>
      {facilities.status === 'ready' && facilities.data.length > 1 && (
        <View className="rs-chips" data-testid="results-filter-facility">
          <Text className="rs-chips__label">机构</Text>
          {[undefined, ...facilities.data].map((f) => (
            <Text
              key={f?.id ?? 'all'}
              className={`rs-chip${f?.id === facilityId ? ' rs-chip--active' : ''}`}
              data-testid={`results-facility-${f?.id ?? 'all'}`}
              onClick={() => setFacilityId(f?.id)}
            >
              {f ? f.shortName || f.name : '全部机构'}
            </Text>
          ))}
        </View>
      )}

      <RemoteView
        state={firstPage}
        onRetry={reload}
        isEmpty={(page) => page.items.length === 0}
        emptyText={category === 'all' && period === 'all' && !facilityId ? `还没有${member.name}的检查检验报告` : '没有符合条件的报告，换个条件试试'}
        loadingText="正在查报告…"
      >
        {(page) => <ResultList memberId={member.id} filter={filter} first={page} />}
      </RemoteView>

      <Text className="rs-note" data-testid="results-held-note">
        含危急值或需要医生解读的报告，医生看过后才会显示在这里；有危急值时医生会尽快联系您。
      </Text>
    </View>
  );
}

/** The first page and the pages loaded with 加载更多. */
function ResultList({ memberId, filter, first }: { memberId: string; filter: ResultFilter; first: ResultPage }) {
  const [items, setItems] = useState<ResultReportSummary[]>(first.items);
  const [cursor, setCursor] = useState(first.nextCursor);
  const [loading, setLoading] = useState(false);
  // A new first page (other filters, 重试) starts the list again.
  useEffect(() => {
    setItems(first.items);
    setCursor(first.nextCursor);
  }, [first]);

  const loadMore = async () => {
    if (!cursor || loading) return;
    setLoading(true);
    try {
      const next = await listResults(memberId, { ...filter, cursor });
      setItems((shown) => [...shown, ...next.items]);
      setCursor(next.nextCursor);
    } catch (err) {
      void Taro.showToast({ title: err instanceof ApiError ? err.message : '没有加载出来，请再试一次', icon: 'none' });
    } finally {
      setLoading(false);
    }
  };

  return (
    <View className="results-list" data-testid="results-list">
      {items.map((r) => (
        <ResultCard key={r.id} report={r} />
      ))}
      {cursor ? (
        <Button block size="large" loading={loading} data-testid="results-more" onClick={loadMore}>
          {loading ? '正在加载…' : '加载更早的报告'}
        </Button>
      ) : (
        <Text className="results-list__end muted">以上是全部报告（共 {items.length} 份）</Text>
      )}
    </View>
  );
}

function ResultCard({ report }: { report: ResultReportSummary }) {
  const [elder] = useElderMode();
  const words = abnormalWords(report);
  const badge = recognitionBadge(report.recognition);
  return (
    <View
      className="card result-card"
      data-testid="result-item"
      data-report-id={report.id}
      hoverClass="result-card--pressed"
      onClick={() => Taro.navigateTo({ url: RESULTS_PAGES.report(report.id) })}
    >
      <View className="result-card__head">
        <Text className="result-card__name" data-testid="result-name">
          {report.name}
        </Text>
        <Text className={`result-card__category result-card__category--${report.category}`}>{report.categoryLabel}</Text>
      </View>
      <Text className="result-card__line" data-testid="result-date">
        {formatDate(report.effectiveDate)}
        {report.corrected ? ' · 已更正' : ''}
      </Text>
      <Text className="result-card__line" data-testid="result-facility">
        {facilityLine(report)}
        {report.enteredByHand ? '（手工录入）' : ''}
      </Text>
      {words && (
        <Text className={`result-card__words rs-tone--${words.tone}`} data-testid="result-abnormal">
          {words.tone === 'normal' ? '✓ ' : '! '}
          {words.text}
        </Text>
      )}
      <View className="rs-recognition result-card__recognition">
        {badge && (
          <Text className="rs-recognition__badge" data-testid="result-hr-badge">
            {badge}
          </Text>
        )}
        <Text className={`rs-recognition__text${badge ? '' : ' rs-recognition__text--none'}`} data-testid="result-validity">
          {recognitionValidity(report.recognition)}
        </Text>
      </View>
      <Text className="result-card__more">{elder ? '点这里看报告 ›' : '查看报告 ›'}</Text>
    </View>
  );
}

/** 报告出来时通知我: asks WeChat for the results messages (nothing to ask on H5). */
function SubscribeButton() {
  const subscribe = async () => {
    // First, inside the tap: WeChat shows its dialog only during a tap.
    const outcome = await askSubscribe('results');
    const accepted = outcome.ok && outcome.value.length > 0;
    void Taro.showToast({
      title: accepted ? '已开启，新报告出来时微信会通知您' : '新报告出来时，会在「我的 - 消息」里告诉您',
      icon: 'none',
      duration: 2500,
    });
  };
  return (
    <View className="results-shortcut results-shortcut--notify" data-testid="results-subscribe" hoverClass="results-shortcut--pressed" onClick={subscribe}>
      <Text className="results-shortcut__title">出报告时通知我</Text>
    </View>
  );
}
