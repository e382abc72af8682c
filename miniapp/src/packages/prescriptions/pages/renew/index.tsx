import { Input, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import {
  DeliveryAddressSchema,
  LONG_RX_ASSESSMENT_ABOVE_DAYS,
  longestSupply,
  requiredReadings,
  StabilityCheckSchema,
  stopReasons,
  type LongPrescription,
  type Renewal,
  type RequestRenewal,
  type StabilityCheck,
} from '@ygt/shared';
import { useEffect, useState } from 'react';
import { HealthConsentGate } from '../../../../components/health-consent-gate';
import { Button } from '../../../../components/nutui';
import { Page } from '../../../../components/page';
import { RemoteView, useRemote } from '../../../../components/remote';
import { ApiError } from '../../../../services/api';
import { getLongPrescription, listPickupPoints, requestRenewal, type PickupPoint } from '../../../../services/prescriptions';
import { openUrl, safeDecode } from '../../../../services/sign-in';
import { askSubscribe, preloadSubscribe } from '../../../../services/subscribe';
import { useElderMode } from '../../../../stores/elder-mode';
import { YesNo } from '../../parts';
import { conditionNames, howToTake, monthDay, RX_PAGES, yuan } from '../../rx';
import '../../rx.scss';

/** 续方 in three steps: 近况 (stability check), 取药方式 (fulfilment), 确认; then the result. */
export default function RenewPage() {
  const params = useRouter().params;
  const memberId = safeDecode(params.memberId ?? '');
  const prescriptionId = safeDecode(params.prescriptionId ?? '');
  return (
    <Page className="rx-renew">
      <HealthConsentGate service="长处方续方">
        <RenewLoader memberId={memberId} prescriptionId={prescriptionId} />
      </HealthConsentGate>
    </Page>
  );
}

function RenewLoader({ memberId, prescriptionId }: { memberId: string; prescriptionId: string }) {
  useEffect(() => preloadSubscribe('renewal'), []);
  const [data, reload] = useRemote(async () => {
    const [rx, points] = await Promise.all([getLongPrescription(memberId, prescriptionId), listPickupPoints(memberId)]);
    return { rx, points };
  }, [memberId, prescriptionId]);
  return (
    <RemoteView state={data} onRetry={reload}>
      {({ rx, points }) => {
        const blocked = whyNotNow(rx);
        return blocked ? <NotNow rx={rx} reason={blocked} /> : <RenewFlow memberId={memberId} rx={rx} points={points} />;
      }}
    </RemoteView>
  );
}

type Blocked = 'inactive' | 'pending' | 'flagged' | 'too-early';

/** Why this prescription cannot be renewed right now (a stale link, a second tap), or null. */
function whyNotNow(rx: LongPrescription): Blocked | null {
  if (rx.status !== 'active') return 'inactive';
  if (rx.openRenewalId) return 'pending';
  if (rx.reviewFlag) return 'flagged';
  if (!rx.supply.renewalOpen) return 'too-early';
  return null;
}

function NotNow({ rx, reason }: { rx: LongPrescription; reason: Blocked }) {
  const text: Record<Blocked, { title: string; text: string }> = {
    inactive: { title: `这张处方${rx.statusLabel}`, text: '请回到长处方页面，看最新的处方。' },
    pending: { title: '这张处方已经申请续方了', text: '医生正在审核，请看办理进度。' },
    flagged: { title: '这次需要先看医生，才能续方', text: rx.reviewFlag?.reason ?? '' },
    'too-early': { title: `${monthDay(rx.supply.renewalOpensOn)}起可续方`, text: `现在还剩${rx.supply.daysLeft}天的药，药快吃完前7天可以续方。` },
  };
  return (
    <View className="card rx-result rx-result--wait" data-testid="renew-result" data-result={reason}>
      <Text className="rx-result__mark">◷</Text>
      <Text className="rx-result__title">{text[reason].title}</Text>
      <Text className="rx-result__text">{text[reason].text}</Text>
      {reason === 'pending' && rx.openRenewalId ? (
        <Button block type="primary" size="large" onClick={() => openUrl(RX_PAGES.renewal(rx.openRenewalId!), true)}>
          看办理进度
        </Button>
      ) : (
        <Button block type="primary" size="large" onClick={() => void Taro.redirectTo({ url: RX_PAGES.home })}>
          返回长处方
        </Button>
      )}
    </View>
  );
}

type Step = 'check' | 'fulfil' | 'confirm';
type Outcome = { kind: 'renewal'; renewal: Renewal } | { kind: 'too-early'; opensOn: string | null; message: string };

/** Field keys of the form, each with its own error line. */
type Field = 'sys' | 'dia' | 'glucose' | 'side-effects' | 'side-effects-serious' | 'hospitalised' | 'new-diagnosis' | 'pickup' | 'recipientName' | 'phone' | 'address' | 'confirm' | 'form';
type Errors = Partial<Record<Field, string>>;

const STEP_TITLES: Record<Step, string> = { check: '最近身体怎么样', fulfil: '怎么拿药', confirm: '确认提交' };
const STEPS: Step[] = ['check', 'fulfil', 'confirm'];

/** Where an API error's field belongs in the form. */
function fieldOfApi(field: string | undefined): { step: Step; field: Field } | null {
  if (!field) return null;
  if (field.startsWith('stabilityCheck.bloodPressure.diastolic')) return { step: 'check', field: 'dia' };
  if (field.startsWith('stabilityCheck.bloodPressure')) return { step: 'check', field: 'sys' };
  if (field.startsWith('stabilityCheck.fastingGlucose')) return { step: 'check', field: 'glucose' };
  if (field.startsWith('stabilityCheck')) return { step: 'check', field: 'form' };
  if (field === 'pickupFacilityId' || field === 'fulfilment') return { step: 'fulfil', field: 'pickup' };
  if (field.startsWith('delivery.')) {
    const name = field.split('.')[1] as Field;
    return { step: 'fulfil', field: ['recipientName', 'phone', 'address'].includes(name) ? name : 'address' };
  }
  if (field === 'patientConfirmed') return { step: 'confirm', field: 'confirm' };
  return null;
}

/** A number typed by the resident, or undefined when the box is empty or not a number. */
function numberOf(text: string): number | undefined {
  const t = text.trim();
  if (!t) return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : undefined;
}

function RenewFlow({ memberId, rx, points }: { memberId: string; rx: LongPrescription; points: PickupPoint[] }) {
  const [elder] = useElderMode();
  const readings = requiredReadings(rx.items.map((i) => i.conditionCode));
  const needsBp = readings.includes('bloodPressure');
  const needsGlucose = readings.includes('fastingGlucose');
  const longSupply = longestSupply(rx.items) > LONG_RX_ASSESSMENT_ABOVE_DAYS;

  const [step, setStep] = useState<Step>('check');
  const [sys, setSys] = useState('');
  const [dia, setDia] = useState('');
  const [glucose, setGlucose] = useState('');
  const [sideEffects, setSideEffects] = useState<boolean>();
  const [sideSerious, setSideSerious] = useState<boolean>();
  const [hospitalised, setHospitalised] = useState<boolean>();
  const [newDiagnosis, setNewDiagnosis] = useState<boolean>();
  const [note, setNote] = useState('');
  const [fulfilment, setFulfilment] = useState<'pickup' | 'delivery'>(points.length ? 'pickup' : 'delivery');
  // The contracted village clinic is nearest; otherwise the first place offered.
  const [pickupId, setPickupId] = useState(points.find((p) => p.level === 'village')?.id ?? points[0]?.id ?? '');
  const [recipientName, setRecipientName] = useState('');
  const [phone, setPhone] = useState('');
  const [address, setAddress] = useState('');
  const [confirmed, setConfirmed] = useState(false);
  const [errors, setErrors] = useState<Errors>({});
  const [submitting, setSubmitting] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>();

  const clear = (...fields: Field[]) => setErrors((e) => ({ ...e, ...Object.fromEntries(fields.map((f) => [f, undefined])), form: undefined }));

  const stability = (): { check: StabilityCheck | null; found: Errors } => {
    const found: Errors = {};
    if (needsBp && numberOf(sys) === undefined) found.sys = '请填写高压（收缩压），血压计上大的那个数';
    if (needsBp && numberOf(dia) === undefined) found.dia = '请填写低压（舒张压），血压计上小的那个数';
    if (needsGlucose && numberOf(glucose) === undefined) found.glucose = '请填写最近一次空腹血糖';
    if (sideEffects === undefined) found['side-effects'] = '请选“有”或“没有”';
    if (sideEffects && sideSerious === undefined) found['side-effects-serious'] = '请选一项';
    if (hospitalised === undefined) found.hospitalised = '请选“住过”或“没有”';
    if (newDiagnosis === undefined) found['new-diagnosis'] = '请选“有”或“没有”';
    const candidate = {
      bloodPressure: needsBp ? { systolic: numberOf(sys), diastolic: numberOf(dia) } : undefined,
      fastingGlucose: needsGlucose ? numberOf(glucose) : undefined,
      sideEffects: sideEffects ? (sideSerious ? 'serious' : 'mild') : 'none',
      hospitalisedSinceLastPrescription: hospitalised ?? false,
      newDiagnosis: newDiagnosis ?? false,
      note: note.trim() || undefined,
    };
    const parsed = StabilityCheckSchema.safeParse(candidate);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const path = issue.path.join('.');
        const field: Field = path.endsWith('diastolic') ? 'dia' : path.startsWith('bloodPressure') ? 'sys' : path === 'fastingGlucose' ? 'glucose' : 'form';
        if (!found[field]) found[field] = issue.message;
      }
    }
    return { check: parsed.success && Object.keys(found).length === 0 ? parsed.data : null, found };
  };

  const deliveryFields = () => {
    const found: Errors = {};
    const parsed = DeliveryAddressSchema.safeParse({ recipientName, phone, address });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0]) as Field;
        if (!found[field]) found[field] = issue.message;
      }
    }
    return { delivery: parsed.success ? parsed.data : null, found };
  };

  const body = (check: StabilityCheck): RequestRenewal | null => {
    if (fulfilment === 'pickup') return pickupId ? { stabilityCheck: check, fulfilment, pickupFacilityId: pickupId, patientConfirmed: confirmed } : null;
    const { delivery } = deliveryFields();
    return delivery ? { stabilityCheck: check, fulfilment, delivery, patientConfirmed: confirmed } : null;
  };

  const submit = async (request: RequestRenewal) => {
    if (submitting) return;
    // First, inside the tap: WeChat asks about messages only during a tap.
    void askSubscribe('renewal');
    setSubmitting(true);
    setErrors({});
    try {
      setOutcome({ kind: 'renewal', renewal: await requestRenewal(memberId, rx.id, request) });
    } catch (err) {
      if (err instanceof ApiError && err.code === 'RENEWAL_TOO_EARLY') {
        const fresh = await getLongPrescription(memberId, rx.id).catch(() => null);
        setOutcome({ kind: 'too-early', opensOn: fresh?.supply.renewalOpensOn ?? null, message: err.message });
        return;
      }
      const message = err instanceof ApiError ? err.message : '没有提交成功，请稍后再试';
      const at = err instanceof ApiError ? fieldOfApi(err.field) : null;
      if (at) setStep(at.step);
      setErrors({ [at?.field ?? 'form']: message });
    } finally {
      setSubmitting(false);
    }
  };

  const next = () => {
    if (step === 'check') {
      const { check, found } = stability();
      setErrors(found);
      if (!check) return;
      // A stop condition needs the doctor anyway: send it now rather than ask how to get medicine.
      if (stopReasons(check).length > 0 && points.length > 0) {
        void submit({ stabilityCheck: check, fulfilment: 'pickup', pickupFacilityId: pickupId || points[0].id, patientConfirmed: false });
        return;
      }
      setStep('fulfil');
    } else if (step === 'fulfil') {
      if (fulfilment === 'pickup') {
        if (!pickupId) return setErrors({ pickup: '请选一个取药的地方' });
      } else {
        const { found } = deliveryFields();
        setErrors(found);
        if (Object.keys(found).length) return;
      }
      setStep('confirm');
    }
    void Taro.pageScrollTo({ scrollTop: 0, duration: 0 });
  };

  const back = () => {
    setErrors({});
    setStep(step === 'confirm' ? 'fulfil' : 'check');
  };

  const send = () => {
    const { check } = stability();
    if (!check) return setStep('check');
    if (longSupply && !confirmed) return setErrors({ confirm: '请先勾选确认' });
    const request = body(check);
    if (!request) return setStep('fulfil');
    void submit(request);
  };

  if (outcome) return <RenewResult outcome={outcome} />;

  const stepIndex = STEPS.indexOf(step);
  const chosenPoint = points.find((p) => p.id === pickupId);

  return (
    <View className="rx-flow" data-testid={`renew-step-${step}`}>
      <View className="rx-flow__head">
        <Text className="rx-flow__who">
          给{rx.patientName}续{conditionNames(rx)}的药
        </Text>
        <View className="rx-steps">
          {STEPS.map((s, i) => (
            <Text key={s} className={`rx-steps__item${i < stepIndex ? ' rx-steps__item--done' : ''}${i === stepIndex ? ' rx-steps__item--current' : ''}`}>
              {i < stepIndex ? '✓' : i + 1} {STEP_TITLES[s]}
            </Text>
          ))}
        </View>
      </View>

      {errors.form && (
        <Text className="rx-form-error" data-testid="renew-error">
          {errors.form}
        </Text>
      )}

      {step === 'check' && (
        <View className="card rx-form" data-testid="renew-check">
          {!elder && <Text className="rx-form__lead">医生要根据这些情况决定能不能直接续方。请照实填写。</Text>}
          {needsBp && (
            <View className="rx-field">
              <Text className="rx-field__label">最近一次量的血压</Text>
              <View className="rx-bp">
                <View className="rx-bp__box">
                  <Text className="rx-bp__name">高压</Text>
                  <Input
                    className={`rx-input rx-input--number${errors.sys ? ' rx-input--invalid' : ''}`}
                    data-testid="renew-bp-sys"
                    type="number"
                    maxlength={3}
                    placeholder="如 135"
                    value={sys}
                    onInput={(e) => {
                      setSys(e.detail.value);
                      clear('sys');
                    }}
                  />
                </View>
                <Text className="rx-bp__slash">/</Text>
                <View className="rx-bp__box">
                  <Text className="rx-bp__name">低压</Text>
                  <Input
                    className={`rx-input rx-input--number${errors.dia ? ' rx-input--invalid' : ''}`}
                    data-testid="renew-bp-dia"
                    type="number"
                    maxlength={3}
                    placeholder="如 85"
                    value={dia}
                    onInput={(e) => {
                      setDia(e.detail.value);
                      clear('dia');
                    }}
                  />
                </View>
                <Text className="rx-bp__unit">mmHg</Text>
              </View>
              {errors.sys && <Text className="rx-field-error" data-testid="renew-error-sys">{errors.sys}</Text>}
              {errors.dia && <Text className="rx-field-error" data-testid="renew-error-dia">{errors.dia}</Text>}
            </View>
          )}
          {needsGlucose && (
            <View className="rx-field">
              <Text className="rx-field__label">最近一次空腹血糖</Text>
              <View className="rx-bp">
                <Input
                  className={`rx-input rx-input--number${errors.glucose ? ' rx-input--invalid' : ''}`}
                  data-testid="renew-glucose"
                  type="digit"
                  maxlength={4}
                  placeholder="如 6.5"
                  value={glucose}
                  onInput={(e) => {
                    setGlucose(e.detail.value);
                    clear('glucose');
                  }}
                />
                <Text className="rx-bp__unit">mmol/L</Text>
              </View>
              {!elder && <Text className="rx-field__hint">早上没吃东西时测的血糖</Text>}
              {errors.glucose && <Text className="rx-field-error" data-testid="renew-error-glucose">{errors.glucose}</Text>}
            </View>
          )}

          <YesNo
            q="side-effects"
            title="吃这些药以后，身体有没有不舒服？"
            yes="有"
            no="没有"
            value={sideEffects}
            error={errors['side-effects']}
            onChange={(v) => {
              setSideEffects(v);
              if (!v) setSideSerious(undefined);
              clear('side-effects', 'side-effects-serious');
            }}
          />
          {sideEffects && (
            <YesNo
              q="side-effects-serious"
              title="不舒服得厉害吗？"
              yes="厉害，受不了"
              no="一点点，能忍"
              value={sideSerious}
              error={errors['side-effects-serious']}
              onChange={(v) => {
                setSideSerious(v);
                clear('side-effects-serious');
              }}
            />
          )}
          <YesNo
            q="hospitalised"
            title={`上次开药（${monthDay(rx.issuedOn)}）以后，住过院吗？`}
            yes="住过"
            no="没有"
            value={hospitalised}
            error={errors.hospitalised}
            onChange={(v) => {
              setHospitalised(v);
              clear('hospitalised');
            }}
          />
          <YesNo
            q="new-diagnosis"
            title="上次开药以后，有没有查出新的病？"
            yes="有"
            no="没有"
            value={newDiagnosis}
            error={errors['new-diagnosis']}
            onChange={(v) => {
              setNewDiagnosis(v);
              clear('new-diagnosis');
            }}
          />
          {!elder && (
            <View className="rx-field">
              <Text className="rx-field__label">
                想告诉医生的话 <Text className="rx-field__optional">（可以不填）</Text>
              </Text>
              <Input className="rx-input" data-testid="renew-note" maxlength={200} placeholder="比如：最近头晕，想换药" value={note} onInput={(e) => setNote(e.detail.value)} />
            </View>
          )}
        </View>
      )}

      {step === 'fulfil' && (
        <View className="rx-form" data-testid="renew-fulfil">
          <View className="rx-ways">
            {points.length > 0 && (
              <View
                className={`rx-way${fulfilment === 'pickup' ? ' rx-way--chosen' : ''}`}
                data-testid="renew-way-pickup"
                role="radio"
                aria-checked={fulfilment === 'pickup'}
                onClick={() => {
                  setFulfilment('pickup');
                  clear('pickup');
                }}
              >
                <Text className="rx-way__title">{fulfilment === 'pickup' ? '✓ ' : ''}到卫生院或村卫生室取</Text>
                {!elder && <Text className="rx-way__hint">药送到离家近的卫生室，不收快递费</Text>}
              </View>
            )}
            <View
              className={`rx-way${fulfilment === 'delivery' ? ' rx-way--chosen' : ''}`}
              data-testid="renew-way-delivery"
              role="radio"
              aria-checked={fulfilment === 'delivery'}
              onClick={() => setFulfilment('delivery')}
            >
              <Text className="rx-way__title">{fulfilment === 'delivery' ? '✓ ' : ''}送药上门</Text>
              {!elder && <Text className="rx-way__hint">快递送到家里</Text>}
            </View>
          </View>

          {fulfilment === 'pickup' ? (
            <View className="rx-points">
              <Text className="section-title">去哪里取</Text>
              {points.map((p) => {
                const chosen = p.id === pickupId;
                return (
                  <View
                    key={p.id}
                    className={`card rx-point${chosen ? ' rx-point--chosen' : ''}`}
                    data-testid={`renew-pickup-${p.id}`}
                    role="radio"
                    aria-checked={chosen}
                    onClick={() => {
                      setPickupId(p.id);
                      clear('pickup');
                    }}
                  >
                    <View className="rx-point__head">
                      <Text className="rx-point__name">
                        {chosen ? '✓ ' : ''}
                        {p.name}
                      </Text>
                      <Text className={`rx-point__level rx-point__level--${p.level}`}>{p.level === 'village' ? '村卫生室' : '乡镇卫生院'}</Text>
                    </View>
                    <Text className="rx-point__address">{p.address}</Text>
                    {!elder && <Text className="rx-point__reason">{p.reason}</Text>}
                  </View>
                );
              })}
              {errors.pickup && <Text className="rx-field-error" data-testid="renew-error-pickup">{errors.pickup}</Text>}
            </View>
          ) : (
            <View className="card">
              <View className="rx-field">
                <Text className="rx-field__label">收药人</Text>
                <Input
                  className={`rx-input${errors.recipientName ? ' rx-input--invalid' : ''}`}
                  data-testid="renew-delivery-name"
                  maxlength={30}
                  placeholder="收药人的姓名"
                  value={recipientName}
                  onInput={(e) => {
                    setRecipientName(e.detail.value);
                    clear('recipientName');
                  }}
                />
                {errors.recipientName && <Text className="rx-field-error">{errors.recipientName}</Text>}
              </View>
              <View className="rx-field">
                <Text className="rx-field__label">手机号</Text>
                <Input
                  className={`rx-input${errors.phone ? ' rx-input--invalid' : ''}`}
                  data-testid="renew-delivery-phone"
                  type="number"
                  maxlength={11}
                  placeholder="快递员联系用"
                  value={phone}
                  onInput={(e) => {
                    setPhone(e.detail.value);
                    clear('phone');
                  }}
                />
                {errors.phone && <Text className="rx-field-error">{errors.phone}</Text>}
              </View>
              <View className="rx-field">
                <Text className="rx-field__label">详细地址</Text>
                <Input
                  className={`rx-input${errors.address ? ' rx-input--invalid' : ''}`}
                  data-testid="renew-delivery-address"
                  maxlength={200}
                  placeholder="乡镇、村、门牌号"
                  value={address}
                  onInput={(e) => {
                    setAddress(e.detail.value);
                    clear('address');
                  }}
                />
                {errors.address && <Text className="rx-field-error">{errors.address}</Text>}
              </View>
            </View>
          )}
        </View>
      )}

      {step === 'confirm' && (
        <View className="card rx-form rx-summary" data-testid="renew-confirm">
          <SummaryRow label="给谁" value={rx.patientName} />
          <View className="rx-summary__row">
            <Text className="rx-summary__label">续什么药</Text>
            <View className="rx-summary__value">
              {rx.items.map((item) => (
                <Text key={item.id} className="rx-summary__line">
                  {item.genericName}：{howToTake(item)}，{item.daysOfSupply}天
                </Text>
              ))}
            </View>
          </View>
          <SummaryRow label="身体情况" value={stabilityWords({ needsBp, needsGlucose, sys, dia, glucose, sideEffects, sideSerious, hospitalised, newDiagnosis })} />
          <SummaryRow
            label="怎么拿药"
            value={fulfilment === 'pickup' ? `到${chosenPoint?.name ?? ''}取` : `送到 ${address.trim()}（${recipientName.trim()}收）`}
          />
          {!elder && (
            <Text className="rx-summary__note">
              药费约 {yuan(rx.itemsTotalFen)}，医保报销后您只付自付部分，医生和药师审核后会告诉您要付多少。
            </Text>
          )}
          {longSupply && (
            <View
              className={`rx-check${confirmed ? ' rx-check--on' : ''}`}
              data-testid="renew-patient-confirm"
              role="checkbox"
              aria-checked={confirmed}
              onClick={() => {
                setConfirmed(!confirmed);
                clear('confirm');
              }}
            >
              <Text className="rx-check__box">{confirmed ? '✓' : ''}</Text>
              <Text className="rx-check__text">
                我知道这次开的药超过4周（最长{longestSupply(rx.items)}天），会按医生说的吃药，身体有变化会及时看医生。
              </Text>
            </View>
          )}
          {errors.confirm && <Text className="rx-field-error">{errors.confirm}</Text>}
        </View>
      )}

      <View className="rx-flow__actions">
        {step === 'confirm' ? (
          <Button block type="primary" size="large" loading={submitting} data-testid="renew-submit" onClick={send}>
            提交续方申请
          </Button>
        ) : (
          <Button block type="primary" size="large" loading={submitting} data-testid="renew-next" onClick={next}>
            下一步
          </Button>
        )}
        {step !== 'check' && (
          <Button block size="large" data-testid="renew-back" onClick={back}>
            上一步
          </Button>
        )}
      </View>
    </View>
  );
}

function SummaryRow({ label, value }: { label: string; value: string }) {
  return (
    <View className="rx-summary__row">
      <Text className="rx-summary__label">{label}</Text>
      <Text className="rx-summary__value">{value}</Text>
    </View>
  );
}

function stabilityWords(a: {
  needsBp: boolean;
  needsGlucose: boolean;
  sys: string;
  dia: string;
  glucose: string;
  sideEffects?: boolean;
  sideSerious?: boolean;
  hospitalised?: boolean;
  newDiagnosis?: boolean;
}): string {
  return [
    a.needsBp ? `血压 ${a.sys.trim()}/${a.dia.trim()}` : '',
    a.needsGlucose ? `空腹血糖 ${a.glucose.trim()}` : '',
    a.sideEffects ? (a.sideSerious ? '吃药后不舒服得厉害' : '吃药后有点不舒服') : '吃药后没有不舒服',
    a.hospitalised ? '住过院' : '没住过院',
    a.newDiagnosis ? '查出了新的病' : '没有新的病',
  ]
    .filter(Boolean)
    .join('；');
}

/** After sending: submitted, see the doctor first, or too early. */
function RenewResult({ outcome }: { outcome: Outcome }) {
  const [elder] = useElderMode();
  const home = () => {
    if (Taro.getCurrentPages().length > 1) void Taro.navigateBack();
    else void Taro.redirectTo({ url: RX_PAGES.home });
  };

  if (outcome.kind === 'too-early') {
    return (
      <View className="card rx-result rx-result--wait" data-testid="renew-result" data-result="too-early">
        <Text className="rx-result__mark">◷</Text>
        <Text className="rx-result__title">还没到续方的时间</Text>
        {outcome.opensOn && (
          <Text className="rx-result__big" data-testid="renew-next-date">
            {monthDay(outcome.opensOn)}起可以续方
          </Text>
        )}
        {!elder && <Text className="rx-result__text">{outcome.message}</Text>}
        <Button block type="primary" size="large" data-testid="renew-done" onClick={home}>
          知道了
        </Button>
      </View>
    );
  }

  const { renewal } = outcome;
  if (renewal.status === 'needs_visit') {
    return (
      <View className="card rx-result rx-result--stop" data-testid="renew-result" data-result="needs-visit">
        <Text className="rx-result__mark">!</Text>
        <Text className="rx-result__title">这次需要先看医生</Text>
        <View className="rx-result__reasons" data-testid="renew-stop-reasons">
          {renewal.stopReasons.map((r) => (
            <Text key={r.code} className="rx-result__reason">
              · {r.message}
            </Text>
          ))}
        </View>
        {renewal.advice && <Text className="rx-result__text">{renewal.advice}</Text>}
        {renewal.booking && (
          <Text className="rx-result__text">
            可以预约：{renewal.booking.facility.name}
            {renewal.booking.doctor ? ` ${renewal.booking.doctor.name}医生` : ''}
          </Text>
        )}
        <Button
          block
          type="primary"
          size="large"
          data-testid="renew-book-doctor"
          onClick={() => void Taro.navigateTo({ url: renewal.booking?.link ?? '/packages/booking/pages/index/index' })}
        >
          预约家庭医生
        </Button>
        <Button block size="large" data-testid="renew-done" onClick={home}>
          返回
        </Button>
      </View>
    );
  }

  return (
    <View className="card rx-result rx-result--ok" data-testid="renew-result" data-result="submitted">
      <Text className="rx-result__mark">✓</Text>
      <Text className="rx-result__title">已提交，等医生审核</Text>
      {!elder && (
        <Text className="rx-result__text">
          {renewal.pickupFacility ? `医生审核通过后，药会送到${renewal.pickupFacility.name}。` : '医生审核通过后，药会快递到家。'}
          每一步都会在「我的 - 消息」里告诉您。
        </Text>
      )}
      <Button block type="primary" size="large" data-testid="renew-view-progress" onClick={() => openUrl(RX_PAGES.renewal(renewal.id), true)}>
        看办理进度
      </Button>
      <Button block size="large" data-testid="renew-done" onClick={home}>
        返回长处方
      </Button>
    </View>
  );
}
