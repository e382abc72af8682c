import { Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import type { AnnualPicture } from '@ygt/shared';
import { useState } from 'react';
import { HealthConsentGate } from '../../../../components/health-consent-gate';
import { Button } from '../../../../components/nutui';
import { Page } from '../../../../components/page';
import { RemoteView, useRemote } from '../../../../components/remote';
import { safeDecode } from '../../../../services/sign-in';
import { getAnnualPicture } from '../../../../services/insurance';
import { useElderMode } from '../../../../stores/elder-mode';
import { LEVEL_SHORT, shareOf, thisYear, yuan } from '../../insurance';
import { ProgressBar, YearSwitch } from '../../parts';
import '../../insurance.scss';

/** 年度报销概况: deductible paid, the fund against each yearly limit, chronic quotas, and where the money went. */
export default function AnnualPage() {
  const params = useRouter().params;
  const memberId = params.memberId ?? '';
  const name = params.name ? safeDecode(params.name) : '';
  const [year, setYear] = useState(() => Number(params.year) || thisYear());
  return (
    <Page className="insurance-annual">
      <HealthConsentGate service="医保报销">
        {name && <Text className="ins-annual__who">{name}的医保</Text>}
        <YearSwitch value={year} onChange={setYear} />
        <Annual memberId={memberId} year={year} />
      </HealthConsentGate>
    </Page>
  );
}

function Annual({ memberId, year }: { memberId: string; year: number }) {
  const [state, reload] = useRemote(() => getAnnualPicture(memberId, year), [memberId, year]);
  return (
    <RemoteView state={state} onRetry={reload} loadingText="正在汇总…">
      {(picture) => <Picture picture={picture} />}
    </RemoteView>
  );
}

function Picture({ picture }: { picture: AnnualPicture }) {
  const [elder] = useElderMode();
  const [more, setMore] = useState(false);
  const showMore = !elder || more;
  const yearWords = picture.year === thisYear() ? '今年' : `${picture.year}年`;
  const { totals } = picture;
  const pooled = picture.benefits.filter((b) => b.annualCap !== null);

  return (
    <View>
      {picture.policyVersion === null && (
        <View className="ins-notice" data-testid="annual-no-policy">
          <Text>{picture.year}年的医保政策还没有配置，下面只列出已有的结算金额。</Text>
        </View>
      )}

      <View className="card ins-totals" data-testid="annual-totals">
        <Text className="ins-totals__title">
          {yearWords}看病 {totals.count} 次，共花 {yuan(totals.total)}
        </Text>
        <View className="ins-totals__row">
          <View className="ins-totals__cell">
            <Text className="ins-totals__label">医保报了</Text>
            <Text className="ins-totals__value ins-totals__value--fund">{yuan(totals.insurancePaid)}</Text>
          </View>
          <View className="ins-totals__cell">
            <Text className="ins-totals__label">自己付了</Text>
            <Text className="ins-totals__value ins-totals__value--self">{yuan(totals.patientPaid)}</Text>
          </View>
        </View>
      </View>

      <Text className="section-title">起付线（自己先付的门槛）</Text>
      <View className="card ins-deductible" data-testid="annual-deductible">
        {picture.benefits.map((b) => (
          <View key={b.benefit} className="ins-deductible__row" data-testid={`annual-deductible-${b.benefit}`}>
            <Text className="ins-deductible__label">{b.label}</Text>
            <Text className="ins-deductible__value">已付 {yuan(b.deductibleMet)}</Text>
          </View>
        ))}
        {!elder && <Text className="ins-deductible__hint muted">起付线以下的费用自己付，超过的部分医保才按比例报。</Text>}
      </View>

      <Text className="section-title">{yearWords}还能报多少</Text>
      <View className="card">
        {pooled.map((b) => (
          <ProgressBar key={b.benefit} testId={`annual-cap-${b.benefit}`} label={`${b.label}（统筹基金）`} used={b.fundPaid} limit={b.annualCap ?? 0} />
        ))}
        <View data-testid="annual-cap-chronic_outpatient">
          {picture.chronic.map((c) => (
            <ProgressBar key={c.code} testId={`annual-chronic-${c.code}`} label={`慢特病：${c.name}`} used={c.used} limit={c.quota} />
          ))}
          {picture.chronic.length === 0 && !elder && <Text className="muted">{yearWords}没有门诊慢特病的报销。</Text>}
        </View>
      </View>

      {elder && (
        <Button className="ins-expand" block size="large" data-testid="annual-more" onClick={() => setMore((m) => !m)}>
          {more ? '收起' : '看更多：大病保险、按医院汇总'}
        </Button>
      )}

      {showMore && picture.seriousIllness && (
        <>
          <Text className="section-title">大病保险</Text>
          <View className="card ins-serious" data-testid="annual-serious-illness">
            {picture.seriousIllness.paid > 0 ? (
              <Text>{yearWords}大病保险已为您再报 {yuan(picture.seriousIllness.paid)}。</Text>
            ) : (
              <Text>
                {yearWords}医保范围内自己付的钱累计 {yuan(picture.seriousIllness.base)}，超过 {yuan(picture.seriousIllness.threshold)} 后，大病保险会再报一部分。
              </Text>
            )}
            <View className="progress__track">
              <View className="progress__fill" style={{ width: `${shareOf(picture.seriousIllness.base, picture.seriousIllness.threshold)}%` }} />
            </View>
          </View>
        </>
      )}

      {showMore && <LevelChart picture={picture} />}
    </View>
  );
}

/** Totals by tier as stacked columns: insurance at the bottom, the resident's part on top; heights against the largest. */
function LevelChart({ picture }: { picture: AnnualPicture }) {
  const max = Math.max(...picture.byLevel.map((l) => l.total), 0);
  return (
    <>
      <Text className="section-title">在哪儿看的病</Text>
      <View className="card ins-chart" data-testid="annual-level-chart">
        <View className="ins-chart__legend">
          <Text className="split-bar__key split-bar__key--fund">■ 医保付</Text>
          <Text className="split-bar__key split-bar__key--self">■ 您付</Text>
        </View>
        <View className="ins-chart__columns">
          {picture.byLevel.map((l) => {
            const height = shareOf(l.total, max);
            const fund = shareOf(l.insurancePaid, l.total);
            return (
              <View key={l.level} className="ins-chart__column" data-testid={`annual-level-${l.level}`}>
                <View className="ins-chart__plot">
                  {l.total > 0 ? (
                    <View className="ins-chart__bar" style={{ height: `${Math.max(height, 4)}%` }}>
                      <View className="ins-chart__self" style={{ height: `${100 - fund}%` }} />
                      <View className="ins-chart__fund" style={{ height: `${fund}%` }} />
                    </View>
                  ) : (
                    <Text className="ins-chart__none">没去过</Text>
                  )}
                </View>
                <Text className="ins-chart__name">{LEVEL_SHORT[l.level].name}</Text>
                <Text className="ins-chart__figure">{l.count} 次</Text>
                <Text className="ins-chart__figure">共 {yuan(l.total)}</Text>
                {l.total > 0 && <Text className="ins-chart__figure ins-chart__figure--self">您付 {yuan(l.patientPaid)}</Text>}
              </View>
            );
          })}
        </View>
      </View>
    </>
  );
}
