import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import type { CatalogueClass, Settlement, SettlementDetail } from '@ygt/shared';
import { useState } from 'react';
import { HealthConsentGate } from '../../../../components/health-consent-gate';
import { Button } from '../../../../components/nutui';
import { Page } from '../../../../components/page';
import { RemoteView, useRemote } from '../../../../components/remote';
import { getSettlement } from '../../../../services/insurance';
import { useElderMode } from '../../../../stores/elder-mode';
import { BENEFIT_SHORT, formatDate, INSURANCE_PAGES, percent, yuan } from '../../insurance';
import { SplitBar } from '../../parts';
import '../../insurance.scss';

/** 结算明细: what insurance paid and what the resident paid, the 结算单 in plain words, and every step. */
export default function SettlementDetailPage() {
  const { memberId = '', id = '' } = useRouter().params;
  return (
    <Page className="insurance-detail">
      <HealthConsentGate service="医保报销">
        <Detail memberId={memberId} settlementId={id} />
      </HealthConsentGate>
    </Page>
  );
}

function Detail({ memberId, settlementId }: { memberId: string; settlementId: string }) {
  const [state, reload] = useRemote(() => getSettlement(memberId, settlementId), [memberId, settlementId]);
  return (
    <RemoteView state={state} onRetry={reload} loadingText="正在查结算单…">
      {(detail) => <DetailBody detail={detail} memberId={memberId} />}
    </RemoteView>
  );
}

function DetailBody({ detail, memberId }: { detail: SettlementDetail; memberId: string }) {
  const [elder] = useElderMode();
  // 关怀版: the two big numbers first; the table and the steps only when asked for.
  const [expanded, setExpanded] = useState(false);
  const showDetails = !elder || expanded;
  const reversed = detail.state === 'reversed';
  const reported = detail.reported;
  const b = detail.breakdown;

  return (
    <View>
      <View className="card ins-head">
        <View className="ins-head__row">
          <Text className="ins-head__facility">{detail.facilityName}</Text>
          <Text className={`ins-tag ins-tag--${detail.benefit}`}>{BENEFIT_SHORT[detail.benefit]}</Text>
        </View>
        <Text className="ins-head__line">
          {formatDate(detail.serviceDate)} · {detail.benefitLabel}
        </Text>
        {!elder && <Text className="ins-head__line">按{detail.levelLabel}的标准报销</Text>}
      </View>

      {reversed && (
        <View className="ins-notice ins-notice--reversed" data-testid="insurance-detail-reversed">
          <Text>这笔结算已冲正（撤销），不算今年的报销。退费以医院为准。</Text>
        </View>
      )}

      <View className="card ins-split" data-testid="insurance-detail-split">
        <View className="ins-split__row">
          <View className="ins-split__cell">
            <Text className="ins-split__label">医保基金支付</Text>
            <Text className="ins-split__value ins-split__value--fund" data-testid="insurance-detail-fund">
              {yuan(detail.insurancePaid)}
            </Text>
          </View>
          <View className="ins-split__cell">
            <Text className="ins-split__label">您支付</Text>
            <Text className="ins-split__value ins-split__value--self" data-testid="insurance-detail-cash">
              {yuan(detail.patientPaid)}
            </Text>
          </View>
        </View>
        <SplitBar insurance={detail.insurancePaid} patient={detail.patientPaid} />
        <Text className="ins-split__total">这次一共花了 {yuan(detail.total)}</Text>
        <InsuranceParts detail={detail} />
      </View>

      {detail.note && reported && (
        <View className="ins-notice" data-testid="insurance-detail-note">
          <Text className="ins-notice__text">{detail.note}</Text>
          {!elder && (
            <View className="ins-compare">
              <View className="ins-compare__row ins-compare__row--head">
                <Text className="ins-compare__cell" />
                <Text className="ins-compare__cell">医院结算</Text>
                <Text className="ins-compare__cell">按政策测算</Text>
              </View>
              <View className="ins-compare__row">
                <Text className="ins-compare__cell">医保付</Text>
                <Text className="ins-compare__cell">{yuan(reported.fundPaid + reported.seriousIllnessPaid + reported.medicalAid)}</Text>
                <Text className="ins-compare__cell">{yuan(b.fundPaid + b.seriousIllnessPaid + b.medicalAid)}</Text>
              </View>
              <View className="ins-compare__row">
                <Text className="ins-compare__cell">您付</Text>
                <Text className="ins-compare__cell">{yuan(reported.personalAccountPaid + reported.cashPaid)}</Text>
                <Text className="ins-compare__cell">{yuan(b.patientPaid)}</Text>
              </View>
            </View>
          )}
        </View>
      )}

      {elder && (
        <Button className="ins-expand" block size="large" data-testid="insurance-detail-expand" onClick={() => setExpanded((on) => !on)}>
          {expanded ? '收起' : '看结算单和怎么算的'}
        </Button>
      )}

      {showDetails && (
        <>
          <Text className="section-title">结算单{detail.note ? '（按政策测算）' : ''}</Text>
          <SettlementTable s={b} />

          <Text className="section-title">怎么算出来的</Text>
          <View className="card ins-steps" data-testid="insurance-steps">
            {b.steps.map((step, i) => (
              <View key={i} className="ins-steps__item">
                <Text className="ins-steps__no">{i + 1}</Text>
                <Text className="ins-steps__text">{step}</Text>
              </View>
            ))}
          </View>

          <Items s={b} />
          <Text className="ins-footnote muted">
            政策版本 {detail.policyVersion}。{detail.amountsFrom === 'reported' ? '上方金额是医院的实际结算金额。' : '上方金额按现行政策测算。'}
          </Text>
        </>
      )}

      {!reversed && (
        <Button
          className="ins-to-forecast"
          block
          type="primary"
          size="large"
          data-testid="insurance-detail-forecast"
          onClick={() => Taro.navigateTo({ url: INSURANCE_PAGES.forecast(memberId, detail.id) })}
        >
          {elder ? '比一比：乡镇、县里、县外' : '同样的治疗，在乡镇、县里、县外各花多少？'}
        </Button>
      )}
    </View>
  );
}

/** Which funds make up “医保基金支付”, and how the resident paid: only said when there is more than one part. */
function InsuranceParts({ detail }: { detail: SettlementDetail }) {
  const r = detail.reported ?? detail.breakdown;
  const insurance = [
    { label: '统筹基金', amount: r.fundPaid },
    { label: '大病保险', amount: r.seriousIllnessPaid },
    { label: '医疗救助', amount: r.medicalAid },
  ].filter((p) => p.amount > 0);
  const patient = [
    { label: '个人账户', amount: r.personalAccountPaid },
    { label: '现金', amount: r.cashPaid },
  ].filter((p) => p.amount > 0);
  const lines: string[] = [];
  if (insurance.length > 1) lines.push(`医保包括：${insurance.map((p) => `${p.label} ${yuan(p.amount)}`).join('，')}`);
  if (patient.length > 1) lines.push(`您支付的：${patient.map((p) => `${p.label} ${yuan(p.amount)}`).join('，')}`);
  if (!lines.length) return null;
  return (
    <View className="ins-split__parts">
      {lines.map((line) => (
        <Text key={line} className="ins-split__part">
          {line}
        </Text>
      ))}
    </View>
  );
}

interface Row {
  key: string;
  name: string;
  words: string;
  amount: number;
  /** Shown even at 0: the rows every 结算单 has. */
  always?: boolean;
  kind?: 'self' | 'fund' | 'total';
}

/** The 结算单, each line with what it means for the resident. Lines that are 0 and rare are left out. */
function SettlementTable({ s }: { s: Settlement }) {
  const rows: Row[] = [
    { key: 'total', name: '医疗费总额', words: '这次看病一共花的钱', amount: s.total, always: true, kind: 'total' },
    { key: 'outOfCatalogue', name: '全自费', words: '医保目录外的药和项目，医保不报', amount: s.outOfCatalogue, always: true, kind: 'self' },
    { key: 'overLimit', name: '超限价自付', words: '超过医保最高限价的部分', amount: s.overLimit, kind: 'self' },
    { key: 'classBSelfPay', name: '先行自付', words: '乙类药和项目要先自己付一部分', amount: s.classBSelfPay, always: true, kind: 'self' },
    { key: 'inScope', name: '符合政策范围', words: '医保能报的部分', amount: s.inScope, always: true },
    { key: 'deductibleApplied', name: '起付标准', words: '起付线以下自己付', amount: s.deductibleApplied, always: true, kind: 'self' },
    {
      key: 'coPay',
      name: '按比例自付',
      words: `超过起付线的部分，医保报 ${percent(s.ratioBp)}，剩下的自己付`,
      amount: Math.max(0, s.inScope - s.deductibleApplied - s.fundPaid),
      kind: 'self',
    },
    { key: 'fundPaid', name: '统筹基金支付', words: `医保报销（超过起付线的按 ${percent(s.ratioBp)} 报）`, amount: s.fundPaid, always: true, kind: 'fund' },
    { key: 'seriousIllnessPaid', name: '大病保险', words: '花费很高时再报一部分', amount: s.seriousIllnessPaid, kind: 'fund' },
    { key: 'medicalAid', name: '医疗救助', words: '困难群众的救助', amount: s.medicalAid, kind: 'fund' },
    { key: 'personalAccountPaid', name: '个人账户支付', words: '职工医保个人账户里扣的', amount: s.personalAccountPaid, kind: 'self' },
    { key: 'cashPaid', name: '个人现金支付', words: '您自己掏的钱', amount: s.cashPaid, always: true, kind: 'self' },
    { key: 'cumulativeFundPaid', name: '累计统筹支付', words: '今年这类看病医保一共报了', amount: s.cumulativeFundPaid, always: true },
  ];
  const shown = rows.filter((r) => r.always || r.amount > 0);
  return (
    <View className="card ins-table" data-testid="insurance-table">
      {shown.map((row) => (
        <View key={row.key} className={`ins-table__row${row.kind ? ` ins-table__row--${row.kind}` : ''}`} data-testid={`insurance-row-${row.key}`}>
          <View className="ins-table__names">
            <Text className="ins-table__name">{row.name}</Text>
            <Text className="ins-table__words">{row.words}</Text>
          </View>
          <Text className="ins-table__amount">{yuan(row.amount)}</Text>
        </View>
      ))}
    </View>
  );
}

const CLASS_WORDS: Record<CatalogueClass, string> = { A: '甲类·医保报', B: '乙类·先自付一部分', C: '目录外·自费' };

/** The charged lines, folded away until asked for. */
function Items({ s }: { s: Settlement }) {
  const [open, setOpen] = useState(false);
  const items = s.claim.items;
  if (!items.length) return null;
  return (
    <View className="card ins-items">
      <View className="ins-items__toggle" data-testid="insurance-items-toggle" onClick={() => setOpen((o) => !o)}>
        <Text>费用明细（{items.length} 项）</Text>
        <Text className="ins-items__arrow">{open ? '收起 ︿' : '展开 ﹀'}</Text>
      </View>
      {open &&
        items.map((item, i) => (
          <View key={i} className="ins-items__row">
            <View className="ins-table__names">
              <Text className="ins-table__name">{item.name}</Text>
              <Text className={`ins-class ins-class--${item.catalogueClass}`}>{CLASS_WORDS[item.catalogueClass]}</Text>
            </View>
            <Text className="ins-table__amount">{yuan(item.amount)}</Text>
          </View>
        ))}
    </View>
  );
}
