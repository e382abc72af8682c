import { Input, Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import type { BenefitType, FamilyMember, Forecast, ForecastRequest, ForecastSampleKey, SettlementLevel } from '@ygt/shared';
import { useEffect, useMemo, useState } from 'react';
import { HealthConsentGate } from '../../../../components/health-consent-gate';
import { MemberPicker } from '../../../../components/member-picker';
import { Button } from '../../../../components/nutui';
import { Page } from '../../../../components/page';
import { RemoteView, useRemote } from '../../../../components/remote';
import { listFamily } from '../../../../services/account';
import { forecastAcrossLevels, getAnnualPicture, getSettlement, listForecastSamples, type ForecastSample } from '../../../../services/insurance';
import { useElderMode } from '../../../../stores/elder-mode';
import { BENEFIT_SHORT, CHEAPEST_WORDS, formatDate, LEVEL_SHORT, parseYuan, percent, thisYear, yuan } from '../../insurance';
import '../../insurance.scss';

/** 报销测算: the same treatment at the township, the county and out of county, from the member's year so far. */
export default function ForecastPage() {
  const { memberId, settlementId } = useRouter().params;
  return (
    <Page className="insurance-forecast">
      <HealthConsentGate service="医保报销">
        <Forecaster initialMemberId={memberId} settlementId={settlementId} />
      </HealthConsentGate>
    </Page>
  );
}

type Choice = { kind: 'settlement' } | { kind: 'sample'; key: ForecastSampleKey } | { kind: 'custom' };

/** Largest amount a resident may type: 100万元. */
const MAX_CUSTOM_FEN = 100_000_000;

function Forecaster({ initialMemberId, settlementId }: { initialMemberId?: string; settlementId?: string }) {
  const [memberId, setMemberId] = useState(initialMemberId);
  const [choice, setChoice] = useState<Choice | null>(settlementId ? { kind: 'settlement' } : null);
  const [customRequest, setCustomRequest] = useState<ForecastRequest | null>(null);
  const [samples, reloadSamples] = useRemote(listForecastSamples, []);
  // The settlement the resident came from: its own items, so “the same treatment” is exactly that.
  const [source] = useRemote(
    () => (settlementId && initialMemberId ? getSettlement(initialMemberId, settlementId) : Promise.resolve(null)),
    [settlementId, initialMemberId],
  );

  // A sensible start: the settlement the resident came from, else the first example.
  useEffect(() => {
    if (!choice && samples.status === 'ready' && samples.data.length) setChoice({ kind: 'sample', key: samples.data[0].key });
  }, [choice, samples]);

  const sourceDetail = source.status === 'ready' ? source.data : null;
  const request = useMemo<ForecastRequest | null>(() => {
    if (!choice) return null;
    if (choice.kind === 'sample') return { sample: choice.key };
    if (choice.kind === 'custom') return customRequest;
    if (!sourceDetail) return null;
    const claim = sourceDetail.breakdown.claim;
    return { benefit: claim.benefit, ...(claim.chronicDisease ? { chronicDisease: claim.chronicDisease } : {}), items: claim.items };
  }, [choice, customRequest, sourceDetail]);

  const isChosen = (c: Choice) => JSON.stringify(c) === JSON.stringify(choice);
  const choiceOptions = (list: ForecastSample[]) => {
    const options: { testId: string; title: string; hint?: string; choice: Choice; active: boolean }[] = [];
    if (settlementId && sourceDetail) {
      const c: Choice = { kind: 'settlement' };
      options.push({
        testId: 'forecast-from-settlement',
        title: `这次的${BENEFIT_SHORT[sourceDetail.benefit]} ${yuan(sourceDetail.total)}`,
        hint: formatDate(sourceDetail.serviceDate),
        choice: c,
        active: isChosen(c),
      });
    }
    list.forEach((sample, i) => {
      const c: Choice = { kind: 'sample', key: sample.key };
      options.push({ testId: `forecast-sample-${i}`, title: sample.label, choice: c, active: isChosen(c) });
    });
    const custom: Choice = { kind: 'custom' };
    options.push({ testId: 'forecast-custom', title: '自己填金额', choice: custom, active: isChosen(custom) });
    return options;
  };

  const [picking, setPicking] = useState(!initialMemberId);
  const [elder] = useElderMode();
  // 关怀版: only the chosen kind of cost, until the resident asks for another.
  const [unfolded, setUnfolded] = useState(false);
  const folded = elder && !unfolded && choice !== null && choice.kind !== 'custom';
  const choose = (next: Choice) => {
    setChoice(next);
    setUnfolded(false);
  };
  const onMember = (member: FamilyMember) => {
    setMemberId(member.id);
    setPicking(false);
  };

  return (
    <View>
      {picking || !memberId ? (
        <MemberPicker value={memberId} onChange={onMember} title="给谁算" />
      ) : (
        <MemberLine memberId={memberId} onChange={() => setPicking(true)} />
      )}
      {memberId && (
        <>
          <Text className="section-title">算哪一种费用</Text>
          <RemoteView state={samples} onRetry={reloadSamples} loadingText="正在加载…">
            {(list) => (
              <View className="fc-choices">
                {choiceOptions(list)
                  .filter((o) => !folded || o.active)
                  .map((o) => (
                    <View key={o.testId} className={`fc-choice${o.active ? ' fc-choice--active' : ''}`} data-testid={o.testId} onClick={() => choose(o.choice)}>
                      <Text className="fc-choice__title">{o.title}</Text>
                      {o.hint && <Text className="fc-choice__hint">{o.hint}</Text>}
                    </View>
                  ))}
                {folded && (
                  <View className="fc-choices__more" data-testid="forecast-more-choices" onClick={() => setUnfolded(true)}>
                    换一种费用 ›
                  </View>
                )}
              </View>
            )}
          </RemoteView>

          {choice?.kind === 'custom' && <CustomAmount memberId={memberId} onSubmit={setCustomRequest} />}
          {request && <ForecastResult key={`${memberId}:${JSON.stringify(request)}`} memberId={memberId} request={request} />}
        </>
      )}
    </View>
  );
}

/** Who the forecast is for, in one line; the full picker only when the resident wants another member. */
function MemberLine({ memberId, onChange }: { memberId: string; onChange: () => void }) {
  const [family] = useRemote(listFamily, []);
  const member = family.status === 'ready' ? family.data.find((m) => m.id === memberId) : undefined;
  return (
    <View className="card fc-who" data-testid="forecast-member">
      <View className="fc-who__text">
        <Text className="fc-who__name">为 {member?.name ?? '…'} 算</Text>
        <Text className="fc-who__hint">按今年已经报销的情况来算</Text>
      </View>
      <View className="fc-who__change" data-testid="forecast-member-change" onClick={onChange}>
        换人
      </View>
    </View>
  );
}

/** Amount and kind of treatment; the amount counts as in-catalogue (甲类) costs. */
function CustomAmount({ memberId, onSubmit }: { memberId: string; onSubmit: (request: ForecastRequest) => void }) {
  const [kind, setKind] = useState<string>('inpatient');
  const [text, setText] = useState('');
  const [error, setError] = useState('');
  // 门诊慢特病 is per disease: offer the diseases the member is already reimbursed for this year.
  const [annual] = useRemote(() => getAnnualPicture(memberId, thisYear()), [memberId]);
  const chronic = annual.status === 'ready' ? annual.data.chronic : [];
  const kinds: { key: string; label: string }[] = [
    { key: 'outpatient_pooling', label: '普通门诊' },
    { key: 'inpatient', label: '住院' },
    ...chronic.map((c) => ({ key: `chronic_outpatient:${c.code}`, label: `慢特病（${c.name}）` })),
  ];

  const submit = () => {
    const fen = parseYuan(text);
    if (fen === null || fen <= 0) return setError('请填写要花的钱，比如 3000');
    if (fen > MAX_CUSTOM_FEN) return setError('金额太大了，请核对一下（最多 100 万元）');
    setError('');
    const [benefit, chronicDisease] = kind.split(':') as [BenefitType, string | undefined];
    onSubmit({ benefit, ...(chronicDisease ? { chronicDisease } : {}), amount: fen });
  };

  return (
    <View className="card fc-custom" data-testid="forecast-custom-form">
      <Text className="fc-custom__label">看什么病</Text>
      <View className="fc-kinds">
        {kinds.map((k) => (
          <View
            key={k.key}
            className={`fc-kind${k.key === kind ? ' fc-kind--active' : ''}`}
            data-testid={`forecast-kind-${k.key}`}
            role="radio"
            aria-checked={k.key === kind}
            onClick={() => setKind(k.key)}
          >
            {k.label}
          </View>
        ))}
      </View>
      <Text className="fc-custom__label">大概要花多少钱（元）</Text>
      <Input
        className={`fc-custom__input${error ? ' fc-custom__input--invalid' : ''}`}
        data-testid="forecast-amount"
        type="digit"
        value={text}
        maxlength={12}
        placeholder="比如 3000"
        onInput={(e) => {
          setText(e.detail.value);
          setError('');
        }}
      />
      {error && (
        <Text className="fc-custom__error" data-testid="forecast-amount-error">
          {error}
        </Text>
      )}
      <Text className="fc-custom__hint">按全部是医保目录内的费用估算；如有自费药，自己付的会更多。</Text>
      <Button block type="primary" size="large" data-testid="forecast-submit" onClick={submit}>
        算一算
      </Button>
    </View>
  );
}

function ForecastResult({ memberId, request }: { memberId: string; request: ForecastRequest }) {
  const [state, reload] = useRemote(() => forecastAcrossLevels(memberId, request), [memberId, JSON.stringify(request)]);
  return (
    <RemoteView state={state} onRetry={reload} loadingText="正在测算…">
      {(forecast) => <ResultBody forecast={forecast} />}
    </RemoteView>
  );
}

function ResultBody({ forecast }: { forecast: Forecast }) {
  const [elder] = useElderMode();
  const [picked, setPicked] = useState<SettlementLevel>(forecast.cheapest);
  const [more, setMore] = useState(false);
  const showMore = !elder || more;
  const levels = forecast.levels;
  const allSame = levels.every((l) => l.patientPaid === levels[0].patientPaid);
  const cheapest = levels.find((l) => l.level === forecast.cheapest)!;
  const savings = levels.filter((l) => l.patientPaid > cheapest.patientPaid);
  const pickedLevel = levels.find((l) => l.level === picked) ?? cheapest;

  return (
    <View className="fc-result" data-testid="forecast-result">
      <View className="card fc-headline" data-testid="forecast-headline">
        <Text className="fc-headline__total">同样花 {yuan(forecast.total)}</Text>
        <Text className="fc-headline__main">{allSame ? '在哪儿看，自己付的都一样' : CHEAPEST_WORDS[cheapest.level]}</Text>
        {savings.map((l) => (
          <Text key={l.level} className="fc-headline__saving">
            比{LEVEL_SHORT[l.level].name}少付 {yuan(l.patientPaid - cheapest.patientPaid)}
          </Text>
        ))}
      </View>

      <View className="fc-cards">
        {levels.map((l) => {
          const isCheapest = !allSame && l.level === cheapest.level;
          return (
            <View
              key={l.level}
              className={`fc-card${isCheapest ? ' fc-card--cheapest' : ''}${l.level === picked ? ' fc-card--picked' : ''}`}
              data-testid={`forecast-card-${l.level}`}
              onClick={() => setPicked(l.level)}
            >
              {isCheapest ? (
                <Text className="fc-card__badge" data-testid="forecast-cheapest">
                  ✓ 最省钱
                </Text>
              ) : (
                <Text className="fc-card__badge fc-card__badge--none"> </Text>
              )}
              <Text className="fc-card__name">{LEVEL_SHORT[l.level].name}</Text>
              <Text className="fc-card__note">{LEVEL_SHORT[l.level].note}</Text>
              <Text className="fc-card__label">您付</Text>
              <Text className="fc-card__self" data-testid={`forecast-patient-${l.level}`}>
                {yuan(l.patientPaid)}
              </Text>
              <Text className="fc-card__label">医保付</Text>
              <Text className="fc-card__fund" data-testid={`forecast-fund-${l.level}`}>
                {yuan(l.insurancePaid)}
              </Text>
            </View>
          );
        })}
      </View>

      {elder && (
        <Button className="ins-expand" block size="large" data-testid="forecast-more" onClick={() => setMore((m) => !m)}>
          {more ? '收起' : '为什么不一样？'}
        </Button>
      )}

      {showMore && (
        <>
          <Text className="section-title">为什么不一样</Text>
          <View className="card fc-rules" data-testid="forecast-rules">
            <View className="fc-rules__row fc-rules__row--head">
              <Text className="fc-rules__cell fc-rules__cell--name" />
              {levels.map((l) => (
                <Text key={l.level} className="fc-rules__cell">
                  {LEVEL_SHORT[l.level].name}
                </Text>
              ))}
            </View>
            <View className="fc-rules__row">
              <Text className="fc-rules__cell fc-rules__cell--name">起付线</Text>
              {levels.map((l) => (
                <Text key={l.level} className="fc-rules__cell">
                  {yuan(l.settlement.deductibleApplied)}
                </Text>
              ))}
            </View>
            <View className="fc-rules__row">
              <Text className="fc-rules__cell fc-rules__cell--name">报销比例</Text>
              {levels.map((l) => (
                <Text key={l.level} className="fc-rules__cell">
                  {percent(l.settlement.ratioBp)}
                </Text>
              ))}
            </View>
            <Text className="fc-rules__hint muted">越往基层，起付线越低、报得越多。</Text>
          </View>

          <Text className="section-title">{LEVEL_SHORT[pickedLevel.level].name}是怎么算的</Text>
          <View className="fc-tabs">
            {levels.map((l) => (
              <View
                key={l.level}
                className={`fc-tab${l.level === pickedLevel.level ? ' fc-tab--active' : ''}`}
                data-testid={`forecast-steps-tab-${l.level}`}
                onClick={() => setPicked(l.level)}
              >
                {LEVEL_SHORT[l.level].name}
              </View>
            ))}
          </View>
          <View className="card ins-steps" data-testid="forecast-steps">
            {pickedLevel.settlement.steps.map((step, i) => (
              <View key={i} className="ins-steps__item">
                <Text className="ins-steps__no">{i + 1}</Text>
                <Text className="ins-steps__text">{step}</Text>
              </View>
            ))}
          </View>
        </>
      )}
      <Text className="ins-footnote muted">按您今年已经报销的情况和现行医保政策（{forecast.policyVersion}）测算，只供参考，实际以医院结算为准。</Text>
    </View>
  );
}
