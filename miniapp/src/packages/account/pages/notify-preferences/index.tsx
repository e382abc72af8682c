import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import type { Facility, FamilyMember, NotifyPreference } from '@ygt/shared';
import { useMemo, useState } from 'react';
import { MemberPicker } from '../../../../components/member-picker';
import { Button, Switch } from '../../../../components/nutui';
import { Page } from '../../../../components/page';
import { RemoteView } from '../../../../components/remote';
import { getFamilyMember } from '../../../../services/account';
import { ApiError } from '../../../../services/api';
import { listFacilities } from '../../../../services/community';
import { ensureHealthConsent } from '../../../../services/consent';
import { getNotifyPreference, updateNotifyPreference } from '../../../../services/notify-preferences';
import { ACCOUNT_PAGES } from '../../family';
import { useAccountRemote } from '../../hooks';
import '../../account.scss';
import './index.scss';

/**
 * 通知方式 for one family member: WeChat messages always; optionally a clinic (where the person is
 * registered, or any village clinic) that sees every message about them and phones them; text
 * messages where the server has an SMS provider. Opened from 就诊人详情 with ?memberId=, or from
 * 我的 without one (then the member is picked here).
 */
export default function NotifyPreferencesPage() {
  const wanted = useRouter().params.memberId;
  const [picked, setPicked] = useState<string | undefined>(undefined);
  const memberId = wanted || picked;
  return (
    <Page className="notify-pref">
      {!wanted && <MemberPicker value={picked} onChange={(m) => setPicked(m.id)} title="为谁设置通知方式" />}
      {memberId && <Editor key={memberId} memberId={memberId} />}
    </Page>
  );
}

interface Loaded {
  member: FamilyMember;
  pref: NotifyPreference;
  villages: Facility[];
}

async function load(memberId: string): Promise<Loaded> {
  const [member, pref, villages] = await Promise.all([
    getFamilyMember(memberId),
    getNotifyPreference(memberId),
    // Without the list only the registered clinics are offered: still usable.
    listFacilities({ level: 'village' }).catch(() => [] as Facility[]),
  ]);
  return { member, pref, villages };
}

function Editor({ memberId }: { memberId: string }) {
  const [state, reload] = useAccountRemote(() => load(memberId), [memberId]);
  return (
    <RemoteView state={state} onRetry={reload}>
      {(data) => <PreferenceForm {...data} />}
    </RemoteView>
  );
}

interface ClinicGroup {
  key: string;
  title: string;
  clinics: { id: string; name: string; registered: boolean }[];
}

const LEVEL_ORDER = ['village', 'township', 'county'];

/**
 * The clinics offered: those where the person is registered (建档) first, then the village clinics
 * of their own township, then (behind a tap) those of every other township.
 */
function clinicGroups(pref: NotifyPreference, villages: Facility[]): { near: ClinicGroup[]; far: ClinicGroup[] } {
  const registeredIds = new Set(pref.registeredFacilities.map((f) => f.id));
  const byId = new Map(villages.map((f) => [f.id, f]));
  const homeTownships = new Set(pref.registeredFacilities.map((f) => byId.get(f.id)?.township ?? townshipOf(f.name, villages)).filter(Boolean));
  // The village clinic first: it is the one nearest to the person.
  const nearestFirst = [...pref.registeredFacilities].sort((a, b) => LEVEL_ORDER.indexOf(a.level) - LEVEL_ORDER.indexOf(b.level));
  const registered: ClinicGroup = {
    key: 'registered',
    title: '建过档的卫生室、卫生院',
    clinics: nearestFirst.map((f) => ({ id: f.id, name: f.name, registered: true })),
  };
  const byTownship = new Map<string, ClinicGroup>();
  for (const v of villages) {
    if (registeredIds.has(v.id)) continue;
    const township = v.township ?? '其他';
    const group = byTownship.get(township) ?? { key: township, title: `${township}的村卫生室`, clinics: [] };
    group.clinics.push({ id: v.id, name: v.name, registered: false });
    byTownship.set(township, group);
  }
  const groups = [...byTownship.values()];
  const near = groups.filter((g) => homeTownships.has(g.key));
  const far = groups.filter((g) => !homeTownships.has(g.key));
  return { near: registered.clinics.length ? [registered, ...near] : near, far };
}

/** A township health centre is not in the village list: its name starts with its township. */
function townshipOf(facilityName: string, villages: Facility[]): string | undefined {
  return villages.map((v) => v.township).find((t): t is string => Boolean(t) && facilityName.startsWith(t!));
}

type Field = 'callFacilityId' | 'sms';

function PreferenceForm({ member, pref, villages }: Loaded) {
  const [saved, setSaved] = useState(pref);
  const [clinicId, setClinicId] = useState<string | null>(pref.callFacility?.id ?? null);
  const [sms, setSms] = useState(pref.sms);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [formError, setFormError] = useState('');
  const [saving, setSaving] = useState(false);
  const { near, far } = useMemo(() => clinicGroups(pref, villages), [pref, villages]);
  // A clinic chosen earlier in another township must be visible without a tap.
  const [showFar, setShowFar] = useState(() => far.some((g) => g.clinics.some((c) => c.id === clinicId)));

  const who = member.relation === 'self' ? '您' : member.name;
  const changed = clinicId !== (saved.callFacility?.id ?? null) || sms !== saved.sms;

  const choose = (id: string | null) => {
    setClinicId(id);
    setErrors((e) => ({ ...e, callFacilityId: undefined }));
    setFormError('');
  };

  const save = async () => {
    setSaving(true);
    setErrors({});
    setFormError('');
    try {
      const body = { callFacilityId: clinicId, sms: saved.smsAvailable && sms };
      let next: NotifyPreference;
      try {
        next = await updateNotifyPreference(member.id, body);
      } catch (err) {
        // The clinic's staff read the messages, which can be about health: that needs the consent.
        if (!(err instanceof ApiError && err.code === 'CONSENT_REQUIRED')) throw err;
        if (!(await ensureHealthConsent())) throw err;
        next = await updateNotifyPreference(member.id, body);
      }
      setSaved(next);
      setClinicId(next.callFacility?.id ?? null);
      setSms(next.sms);
      void Taro.showToast({ title: '已保存', icon: 'success' });
    } catch (err) {
      if (err instanceof ApiError && (err.field === 'callFacilityId' || err.field === 'sms')) setErrors({ [err.field]: err.message });
      else setFormError(err instanceof ApiError ? err.message : '没有保存成功，请稍后再试');
    } finally {
      setSaving(false);
    }
  };

  const editPhone = () => void Taro.navigateTo({ url: `${ACCOUNT_PAGES.familyForm}?id=${encodeURIComponent(member.id)}` });

  return (
    <>
      <View className="card notify-pref__current" data-testid="notify-pref-current">
        <Text className="notify-pref__who">{member.name}的通知方式</Text>
        <Text className="notify-pref__summary">
          {['微信消息', saved.callFacility && `${saved.callFacility.name}打电话`, saved.sms && '短信'].filter(Boolean).join(' + ')}
        </Text>
      </View>

      <Text className="section-title">微信消息</Text>
      <View className="card notify-pref__wechat" data-testid="notify-pref-wechat">
        <View className="notify-pref__always">
          <Text className="notify-pref__always-mark">✓ 一直开着</Text>
        </View>
        <Text className="notify-pref__text">预约、报告、续方、取药有进展时，发微信消息告诉{who}，也都能在“我的 › 消息”里看到。</Text>
        <Text className="notify-pref__text notify-pref__text--muted">微信每次都会问“是否接收通知”，请点“允许”，不然微信里收不到。</Text>
      </View>

      <Text className="section-title">请村医或卫生院打电话通知</Text>
      <Text className="acc-note">
        如果老人不常看微信，可以让村卫生室的医生打电话通知。选好卫生室后，每次有给{who}的消息，那里的医生也会看到，并打电话告诉{who}。
      </Text>

      <View className="card">
        {pref.hasPhone ? (
          <Text className="notify-pref__phone" data-testid="notify-pref-phone">
            医生会打这个电话：{member.phone ?? '登记的手机号'}
          </Text>
        ) : (
          <View className="acc-note acc-note--warn" data-testid="notify-pref-no-phone">
            <Text>还没有登记{who}的手机号，医生不知道打哪个电话。</Text>
            <Button className="notify-pref__phone-link" size="small" fill="outline" onClick={editPhone}>
              去填写手机号
            </Button>
          </View>
        )}

        <ClinicChoice testId="notify-pref-none" name="不用打电话" note="只发微信消息" chosen={clinicId === null} onChoose={() => choose(null)} />
        {near.map((group) => (
          <ClinicGroupView key={group.key} group={group} chosenId={clinicId} onChoose={choose} />
        ))}
        {far.length > 0 &&
          (showFar ? (
            far.map((group) => <ClinicGroupView key={group.key} group={group} chosenId={clinicId} onChoose={choose} />)
          ) : (
            <View className="notify-pref__more" data-testid="notify-pref-more" onClick={() => setShowFar(true)}>
              选其他乡镇的村卫生室 ›
            </View>
          ))}
        {errors.callFacilityId && (
          <Text className="acc-field__error" data-testid="field-error-callFacilityId">
            {errors.callFacilityId}
          </Text>
        )}
      </View>

      {saved.smsAvailable && (
        <>
          <Text className="section-title">短信</Text>
          <View
            className={`card notify-pref__sms${sms ? ' notify-pref__sms--on' : ''}${pref.hasPhone ? '' : ' notify-pref__sms--off'}`}
            data-testid="notify-pref-sms"
            role="switch"
            aria-checked={sms}
            aria-disabled={!pref.hasPhone}
            onClick={() => {
              if (!pref.hasPhone) return;
              setSms(!sms);
              setErrors((e) => ({ ...e, sms: undefined }));
            }}
          >
            <View className="notify-pref__sms-text">
              <Text className="notify-pref__sms-title">同时发短信</Text>
              <Text className="notify-pref__text--muted">{pref.hasPhone ? '每条消息也发一条短信到登记的手机号' : '要先登记手机号才能发短信'}</Text>
            </View>
            <Text className="notify-pref__sms-state">{sms ? '发' : '不发'}</Text>
            <Switch checked={sms} disabled={!pref.hasPhone} />
          </View>
          {errors.sms && (
            <Text className="acc-field__error" data-testid="field-error-sms">
              {errors.sms}
            </Text>
          )}
        </>
      )}

      {formError && (
        <Text className="acc-form-error" data-testid="notify-pref-error">
          {formError}
        </Text>
      )}
      <View className="acc-actions">
        <Button block type="primary" size="large" loading={saving} data-testid="notify-pref-save" onClick={save}>
          保存
        </Button>
        {changed && <Text className="muted notify-pref__unsaved">改动还没有保存</Text>}
      </View>
    </>
  );
}

function ClinicGroupView({ group, chosenId, onChoose }: { group: ClinicGroup; chosenId: string | null; onChoose: (id: string) => void }) {
  return (
    <View className="notify-pref__group">
      <Text className="notify-pref__group-title">{group.title}</Text>
      {group.clinics.map((c) => (
        <ClinicChoice
          key={c.id}
          testId={`notify-pref-clinic-${c.id}`}
          name={c.name}
          note={c.registered ? '已建档' : undefined}
          chosen={chosenId === c.id}
          onChoose={() => onChoose(c.id)}
        />
      ))}
    </View>
  );
}

function ClinicChoice({ testId, name, note, chosen, onChoose }: { testId: string; name: string; note?: string; chosen: boolean; onChoose: () => void }) {
  return (
    <View className={`notify-pref__choice${chosen ? ' notify-pref__choice--chosen' : ''}`} data-testid={testId} role="radio" aria-checked={chosen} onClick={onChoose}>
      <View className="notify-pref__radio">{chosen ? '✓' : ''}</View>
      <View className="notify-pref__choice-text">
        <Text className="notify-pref__choice-name">{name}</Text>
        {note && <Text className="notify-pref__choice-note">{note}</Text>}
      </View>
      {chosen && <Text className="notify-pref__choice-mark">已选</Text>}
    </View>
  );
}
