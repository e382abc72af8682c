import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { FamilyMember, SettlementSummary } from '@ygt/shared';
import { useState } from 'react';
import { HealthConsentGate } from '../../../../components/health-consent-gate';
import { MemberPicker } from '../../../../components/member-picker';
import { Page } from '../../../../components/page';
import { RemoteView, useRemote } from '../../../../components/remote';
import { listSettlements } from '../../../../services/insurance';
import { useElderMode } from '../../../../stores/elder-mode';
import { BENEFIT_SHORT, formatDate, INSURANCE_PAGES, thisYear, yuan } from '../../insurance';
import { YearSwitch } from '../../parts';
import '../../insurance.scss';

/** 医保报销: a family member's settlements of a year, with ways to the year's picture and the forecast. */
export default function InsuranceHomePage() {
  return (
    <Page className="insurance-home">
      <HealthConsentGate service="医保报销">
        <InsuranceHome />
      </HealthConsentGate>
    </Page>
  );
}

function InsuranceHome() {
  const [member, setMember] = useState<FamilyMember>();
  const [year, setYear] = useState(thisYear);
  return (
    <View>
      <MemberPicker value={member?.id} onChange={setMember} title="看谁的医保报销" />
      {member && (
        <>
          <YearSwitch value={year} onChange={setYear} />
          <View className="ins-shortcuts">
            <View
              className="ins-shortcut"
              data-testid="insurance-open-annual"
              hoverClass="ins-shortcut--pressed"
              onClick={() => Taro.navigateTo({ url: INSURANCE_PAGES.annual(member.id, year, member.name) })}
            >
              <Text className="ins-shortcut__title">{year === thisYear() ? '今年' : `${year}年`}报销概况</Text>
              <Text className="ins-shortcut__hint">起付线、还能报多少</Text>
            </View>
            <View
              className="ins-shortcut ins-shortcut--forecast"
              data-testid="insurance-open-forecast"
              hoverClass="ins-shortcut--pressed"
              onClick={() => Taro.navigateTo({ url: INSURANCE_PAGES.forecast(member.id) })}
            >
              <Text className="ins-shortcut__title">看病前算一算</Text>
              <Text className="ins-shortcut__hint">乡镇、县里、县外各花多少</Text>
            </View>
          </View>
          <Settlements member={member} year={year} />
        </>
      )}
    </View>
  );
}

function Settlements({ member, year }: { member: FamilyMember; year: number }) {
  const [state, reload] = useRemote(() => listSettlements(member.id, year), [member.id, year]);
  return (
    <RemoteView
      state={state}
      onRetry={reload}
      isEmpty={(items) => items.length === 0}
      emptyText={`${member.name} ${year}年还没有医保结算记录`}
      loadingText="正在查报销记录…"
    >
      {(items) => (
        <View>
          <YearTotals items={items} year={year} />
          <Text className="section-title">报销记录（{items.length} 笔）</Text>
          {items.map((item) => (
            <SettlementCard key={item.id} item={item} memberId={member.id} />
          ))}
        </View>
      )}
    </RemoteView>
  );
}

/** The year in one line: what was spent, what insurance paid, what the family paid. Reversed ones do not count. */
function YearTotals({ items, year }: { items: SettlementSummary[]; year: number }) {
  const live = items.filter((i) => i.state === 'settled');
  const sum = (pick: (i: SettlementSummary) => number) => live.reduce((n, i) => n + pick(i), 0);
  return (
    <View className="card ins-totals" data-testid="insurance-year-totals">
      <Text className="ins-totals__title">
        {year === thisYear() ? '今年' : `${year}年`}看病 {live.length} 次，共花 {yuan(sum((i) => i.total))}
      </Text>
      <View className="ins-totals__row">
        <View className="ins-totals__cell">
          <Text className="ins-totals__label">医保报了</Text>
          <Text className="ins-totals__value ins-totals__value--fund">{yuan(sum((i) => i.insurancePaid))}</Text>
        </View>
        <View className="ins-totals__cell">
          <Text className="ins-totals__label">自己付了</Text>
          <Text className="ins-totals__value ins-totals__value--self">{yuan(sum((i) => i.patientPaid))}</Text>
        </View>
      </View>
    </View>
  );
}

function SettlementCard({ item, memberId }: { item: SettlementSummary; memberId: string }) {
  const [elder] = useElderMode();
  const reversed = item.state === 'reversed';
  return (
    <View
      className={`card ins-item${reversed ? ' ins-item--reversed' : ''}`}
      data-testid="insurance-item"
      data-settlement-id={item.id}
      hoverClass="ins-item--pressed"
      onClick={() => Taro.navigateTo({ url: INSURANCE_PAGES.detail(memberId, item.id) })}
    >
      <View className="ins-item__head">
        <Text className="ins-item__facility">{item.facilityName}</Text>
        <Text className={`ins-tag ins-tag--${item.benefit}`}>{BENEFIT_SHORT[item.benefit]}</Text>
      </View>
      <Text className="ins-item__line">
        {formatDate(item.serviceDate)}
        {!elder && ` · ${item.benefitLabel}`}
      </Text>
      {reversed && <Text className="ins-item__reversed">已冲正（这笔结算已撤销，不算报销）</Text>}
      <View className="ins-item__amounts">
        {!elder && (
          <View className="ins-item__amount">
            <Text className="ins-item__label">总费用</Text>
            <Text className="ins-item__value">{yuan(item.total)}</Text>
          </View>
        )}
        <View className="ins-item__amount">
          <Text className="ins-item__label">医保付</Text>
          <Text className="ins-item__value ins-item__value--fund">{yuan(item.insurancePaid)}</Text>
        </View>
        <View className="ins-item__amount">
          <Text className="ins-item__label">您付</Text>
          <Text className="ins-item__value ins-item__value--self">{yuan(item.patientPaid)}</Text>
        </View>
      </View>
      <Text className="ins-item__more">{elder ? '点这里看明细 ›' : '看明细和怎么算的 ›'}</Text>
    </View>
  );
}
