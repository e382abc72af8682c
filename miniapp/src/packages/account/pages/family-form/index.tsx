import { Input, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import {
  AddFamilyMemberSchema,
  ageOn,
  GUARDIAN_AGE,
  localDate,
  parseResidentId,
  PhoneSchema,
  RELATION_LABELS,
  RelationSchema,
  type AddFamilyMember,
  type FamilyMember,
  type Relation,
} from '@ygt/shared';
import { useEffect, useState } from 'react';
import { Button } from '../../../../components/nutui';
import { Page } from '../../../../components/page';
import { RemoteView } from '../../../../components/remote';
import { addFamilyMember, getMe, getFamilyMember, listFamily, updateFamilyMember } from '../../../../services/account';
import { ApiError } from '../../../../services/api';
import { ACCOUNT_PAGES, formatDate, GUARDIAN_NOTE, relationLabel, SEX_LABELS } from '../../family';
import { useAccountRemote } from '../../hooks';
import '../../account.scss';
import './index.scss';

type Field = 'name' | 'idNumber' | 'phone' | 'relation' | 'guardian';
type FieldErrors = Partial<Record<Field, string>>;

const FIELDS: readonly string[] = ['name', 'idNumber', 'phone', 'relation', 'guardian'];
const RELATIONS = RelationSchema.options;
const ID_LENGTH = 18;

/** An API error lands on the field it names; sex and birth date are read from the ID number. */
function fieldOf(error: ApiError): Field | null {
  if (error.field === 'sex' || error.field === 'birthDate') return 'idNumber';
  return error.field && FIELDS.includes(error.field) ? (error.field as Field) : null;
}

function leave(): void {
  if (Taro.getCurrentPages().length > 1) void Taro.navigateBack();
  else void Taro.redirectTo({ url: ACCOUNT_PAGES.family });
}

export default function FamilyFormPage() {
  const params = useRouter().params;
  const memberId = params.id;
  useEffect(() => {
    if (memberId) void Taro.setNavigationBarTitle({ title: '修改就诊人' });
  }, [memberId]);
  return <Page className="family-form">{memberId ? <EditMember memberId={memberId} /> : <AddMember preset={params.relation} />}</Page>;
}

function FieldError({ field, errors }: { field: Field; errors: FieldErrors }) {
  const message = errors[field];
  if (!message) return null;
  return (
    <Text className="acc-field__error" data-testid={`field-error-${field}`}>
      {message}
    </Text>
  );
}

function RelationChooser({ value, onChange, disabled }: { value: Relation | ''; onChange: (r: Relation) => void; disabled: (r: Relation) => boolean }) {
  return (
    <View className="acc-choices">
      {RELATIONS.map((relation) => {
        const off = disabled(relation);
        return (
          <View
            key={relation}
            className={`acc-choice${relation === value ? ' acc-choice--chosen' : ''}${off ? ' acc-choice--disabled' : ''}`}
            data-testid={`family-form-relation-${relation}`}
            aria-checked={relation === value}
            aria-disabled={off}
            role="radio"
            onClick={() => !off && onChange(relation)}
          >
            {relation === value ? '✓ ' : ''}
            {RELATION_LABELS[relation]}
          </View>
        );
      })}
    </View>
  );
}

// ---- add -------------------------------------------------------------------------------------

async function loadQuota() {
  const [me, members] = await Promise.all([getMe(), listFamily()]);
  return { remaining: Math.max(0, me.maxFamilyMembers - members.length), max: me.maxFamilyMembers, hasSelf: members.some((m) => m.relation === 'self') };
}

function AddMember({ preset }: { preset?: string }) {
  const [quota, reload] = useAccountRemote(loadQuota);
  return (
    <RemoteView state={quota} onRetry={reload}>
      {({ remaining, max, hasSelf }) =>
        remaining === 0 ? (
          <View className="card">
            <Text className="acc-note acc-note--warn" data-testid="family-full">
              您已添加满 {max} 位就诊人，不能再添加。如需添加新的就诊人，请先在就诊人列表里删除不再需要的。
            </Text>
            <Button block size="large" onClick={leave}>
              返回就诊人列表
            </Button>
          </View>
        ) : (
          <AddForm remaining={remaining} hasSelf={hasSelf} preset={!hasSelf && preset === 'self' ? 'self' : ''} />
        )
      }
    </RemoteView>
  );
}

function AddForm({ remaining, hasSelf, preset }: { remaining: number; hasSelf: boolean; preset: Relation | '' }) {
  const [name, setName] = useState('');
  const [idNumber, setIdNumber] = useState('');
  const [idTouched, setIdTouched] = useState(false);
  const [phone, setPhone] = useState('');
  const [relation, setRelation] = useState<Relation | ''>(preset || (hasSelf ? '' : 'self'));
  const [guardian, setGuardian] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState('');
  const [submitting, setSubmitting] = useState(false);

  const today = localDate(Date.now());
  const typedId = idNumber.trim();
  // Checked as soon as all 18 characters are in (or when the resident leaves the box early).
  const idResult = typedId.length >= ID_LENGTH || (idTouched && typedId) ? parseResidentId(typedId, today) : null;
  const age = idResult?.valid ? ageOn(idResult.birthDate, today) : null;
  const minor = age !== null && age < GUARDIAN_AGE;

  const shownErrors: FieldErrors = {
    ...errors,
    idNumber: errors.idNumber ?? (idResult && !idResult.valid ? idResult.reason : undefined),
    relation: errors.relation ?? (minor && relation === 'self' ? `未满${GUARDIAN_AGE}周岁不能作为本人，请选“子女”或“其他”` : undefined),
  };

  const edit = (field: Field, apply: () => void) => {
    apply();
    setErrors((e) => ({ ...e, [field]: undefined }));
    setFormError('');
  };

  const validate = (): { body: AddFamilyMember | null; found: FieldErrors } => {
    const found: FieldErrors = {};
    if (!relation) found.relation = '请选择这位就诊人是您的什么人';
    if (minor && !guardian) found.guardian = '请确认您是孩子的监护人';
    const parsed = AddFamilyMemberSchema.safeParse({
      name,
      idNumber,
      phone: phone.trim() || undefined,
      relation: relation || 'other',
      guardian: minor ? guardian : undefined,
    });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0]) as Field;
        if (FIELDS.includes(field) && !found[field]) found[field] = issue.message;
      }
    }
    return { body: parsed.success && Object.keys(found).length === 0 ? parsed.data : null, found };
  };

  const submit = async () => {
    if (submitting) return;
    setIdTouched(true);
    const { body, found } = validate();
    setErrors(found);
    setFormError('');
    if (!body) return;
    setSubmitting(true);
    try {
      const member = await addFamilyMember(body);
      await Taro.showToast({
        title: member.status === 'pending_consent' ? '已发出申请，等对方同意' : '已添加',
        icon: member.status === 'pending_consent' ? 'none' : 'success',
      });
      leave();
    } catch (err) {
      if (!(err instanceof ApiError)) return setFormError('没有添加成功，请稍后再试');
      const field = fieldOf(err);
      if (field) setErrors({ [field]: err.message });
      else setFormError(err.message);
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <View className="family-form__body">
      <Text className="acc-note" data-testid="family-form-quota">
        {relation === 'self' ? '请填写您本人的信息，要和身份证上的一致。' : '请填写家人的信息，要和身份证上的一致。'}
        还可添加 {remaining} 位就诊人。
      </Text>

      {formError && (
        <Text className="acc-form-error" data-testid="field-error-form">
          {formError}
        </Text>
      )}

      <View className="acc-field">
        <Text className="acc-field__label">与您的关系</Text>
        <RelationChooser value={relation} onChange={(r) => edit('relation', () => setRelation(r))} disabled={(r) => r === 'self' && hasSelf} />
        {hasSelf && <Text className="acc-field__hint">本人信息已经填过了。</Text>}
        <FieldError field="relation" errors={shownErrors} />
      </View>

      <View className="acc-field">
        <Text className="acc-field__label">姓名</Text>
        <Input
          className={`acc-field__input${shownErrors.name ? ' acc-field__input--invalid' : ''}`}
          data-testid="family-form-name"
          value={name}
          maxlength={30}
          placeholder="和身份证上一样"
          onInput={(e) => edit('name', () => setName(e.detail.value))}
        />
        <FieldError field="name" errors={shownErrors} />
      </View>

      <View className="acc-field">
        <Text className="acc-field__label">身份证号</Text>
        <Input
          className={`acc-field__input${shownErrors.idNumber ? ' acc-field__input--invalid' : ''}`}
          data-testid="family-form-idNumber"
          type="idcard"
          value={idNumber}
          maxlength={ID_LENGTH}
          placeholder="18位，最后一位可能是X"
          onInput={(e) => edit('idNumber', () => setIdNumber(e.detail.value.toUpperCase()))}
          onBlur={() => setIdTouched(true)}
        />
        {!idResult && typedId.length > 0 && (
          <Text className="acc-field__hint">
            已输入 {typedId.length} 位，共 {ID_LENGTH} 位
          </Text>
        )}
        <FieldError field="idNumber" errors={shownErrors} />
        {idResult?.valid && age !== null && (
          <View className="family-form__derived" data-testid="family-form-derived">
            <Text className="family-form__derived-title">请核对，是否与身份证上一致：</Text>
            <Text className="family-form__derived-line" data-testid="family-form-sex">
              性别：{SEX_LABELS[idResult.sex]}
            </Text>
            <Text className="family-form__derived-line" data-testid="family-form-birthDate">
              出生日期：{formatDate(idResult.birthDate)}（{age}岁）
            </Text>
          </View>
        )}
      </View>

      {minor && (
        <View className="acc-field">
          <View
            className={`acc-check${guardian ? ' acc-check--on' : ''}`}
            data-testid="family-form-guardian"
            role="checkbox"
            aria-checked={guardian}
            onClick={() => edit('guardian', () => setGuardian(!guardian))}
          >
            <Text className="acc-check__box">{guardian ? '✓' : ''}</Text>
            <View className="acc-check__text">
              <Text className="acc-check__title">我是其监护人</Text>
              <Text className="acc-check__note">{GUARDIAN_NOTE}勾选即表示您确认是孩子的监护人，为孩子办理看病相关的事。</Text>
            </View>
          </View>
          <FieldError field="guardian" errors={shownErrors} />
        </View>
      )}

      <View className="acc-field">
        <Text className="acc-field__label">
          手机号 <Text className="acc-field__optional">（可以不填）</Text>
        </Text>
        <Input
          className={`acc-field__input${shownErrors.phone ? ' acc-field__input--invalid' : ''}`}
          data-testid="family-form-phone"
          type="number"
          value={phone}
          maxlength={11}
          placeholder="用于接收就诊提醒"
          onInput={(e) => edit('phone', () => setPhone(e.detail.value))}
        />
        <FieldError field="phone" errors={shownErrors} />
      </View>

      <Button block type="primary" size="large" loading={submitting} data-testid="family-form-submit" onClick={submit}>
        确认添加
      </Button>
    </View>
  );
}

// ---- edit ------------------------------------------------------------------------------------

function EditMember({ memberId }: { memberId: string }) {
  const [member, reload] = useAccountRemote(() => getFamilyMember(memberId), [memberId]);
  return (
    <RemoteView state={member} onRetry={reload}>
      {(m) => <EditForm member={m} />}
    </RemoteView>
  );
}

function EditForm({ member }: { member: FamilyMember }) {
  const [phone, setPhone] = useState('');
  const [relation, setRelation] = useState<Relation>(member.relation);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const isSelf = member.relation === 'self';

  const submit = async () => {
    if (submitting) return;
    const patch: { phone?: string; relation?: Relation } = {};
    if (phone.trim()) {
      const checked = PhoneSchema.safeParse(phone);
      if (!checked.success) return setErrors({ phone: checked.error.issues[0].message });
      patch.phone = checked.data;
    }
    if (!isSelf && relation !== member.relation) patch.relation = relation;
    if (!patch.phone && !patch.relation) return setFormError('您没有做任何修改');
    setSubmitting(true);
    try {
      await updateFamilyMember(member.id, patch);
      await Taro.showToast({ title: '已保存', icon: 'success' });
      leave();
    } catch (err) {
      if (!(err instanceof ApiError)) return setFormError('没有保存成功，请稍后再试');
      const field = fieldOf(err);
      if (field) setErrors({ [field]: err.message });
      else setFormError(err.message);
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <View className="family-form__body">
      <View className="card">
        <View className="acc-row">
          <Text className="acc-row__label">姓名</Text>
          <Text className="acc-row__value">{member.name}</Text>
        </View>
        <View className="acc-row">
          <Text className="acc-row__label">身份证号</Text>
          <Text className="acc-row__value">{member.idNumber}</Text>
        </View>
        <Text className="acc-field__hint">姓名和身份证号不能修改。如果填错了，请删除后重新添加。</Text>
      </View>

      {formError && (
        <Text className="acc-form-error" data-testid="field-error-form">
          {formError}
        </Text>
      )}

      {!isSelf && (
        <View className="acc-field">
          <Text className="acc-field__label">与您的关系</Text>
          <RelationChooser
            value={relation}
            onChange={(r) => {
              setRelation(r);
              setErrors({});
              setFormError('');
            }}
            disabled={(r) => r === 'self'}
          />
          <FieldError field="relation" errors={errors} />
        </View>
      )}

      <View className="acc-field">
        <Text className="acc-field__label">新手机号</Text>
        <Input
          className={`acc-field__input${errors.phone ? ' acc-field__input--invalid' : ''}`}
          data-testid="family-form-phone"
          type="number"
          value={phone}
          maxlength={11}
          placeholder={member.phone ? `现在是 ${member.phone}，不改就不填` : '还没有手机号'}
          onInput={(e) => {
            setPhone(e.detail.value);
            setErrors({});
            setFormError('');
          }}
        />
        <FieldError field="phone" errors={errors} />
      </View>

      <Text className="acc-field__hint">修改的是{relationLabel(member)}（{member.name}）的信息。</Text>
      <View className="acc-actions">
        <Button block type="primary" size="large" loading={submitting} data-testid="family-form-submit" onClick={submit}>
          保存
        </Button>
      </View>
    </View>
  );
}
