import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import type { FamilyMember } from '@ygt/shared';
import { useState } from 'react';
import { Button } from '../../../../components/nutui';
import { Page } from '../../../../components/page';
import { RemoteView } from '../../../../components/remote';
import { getFamilyMember, removeFamilyMember } from '../../../../services/account';
import { ApiError } from '../../../../services/api';
import { ACCOUNT_PAGES, formatDate, relationLabel, SEX_LABELS } from '../../family';
import { useAccountRemote } from '../../hooks';
import '../../account.scss';
import './index.scss';

export default function FamilyDetailPage() {
  const memberId = useRouter().params.id ?? '';
  const [reveal, setReveal] = useState(false);
  const [member, reload] = useAccountRemote(() => getFamilyMember(memberId, reveal), [memberId, reveal]);

  return (
    <Page className="family-detail">
      <RemoteView state={member} onRetry={reload}>
        {(m) => <MemberDetail member={m} revealed={reveal} onToggleReveal={() => setReveal(!reveal)} />}
      </RemoteView>
    </Page>
  );
}

function Row({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <View className="acc-row">
      <Text className="acc-row__label">{label}</Text>
      <Text className="acc-row__value" data-testid={testId}>
        {value}
      </Text>
    </View>
  );
}

function MemberDetail({ member, revealed, onToggleReveal }: { member: FamilyMember; revealed: boolean; onToggleReveal: () => void }) {
  const pending = member.status === 'pending_consent';
  const isSelf = member.relation === 'self';
  const [removing, setRemoving] = useState(false);

  const remove = async () => {
    const { confirm } = await Taro.showModal({
      title: pending ? '撤回申请' : '删除就诊人',
      content: pending
        ? `撤回后，${member.name}不会再收到您的申请。`
        : `删除后，您不能再为${member.name}预约挂号、查报告和续方。医院里的病历和报告不受影响，以后可以重新添加。确定删除吗？`,
      confirmText: pending ? '撤回' : '删除',
      confirmColor: '#b42318',
      cancelText: '不删了',
    });
    if (!confirm) return;
    setRemoving(true);
    try {
      await removeFamilyMember(member.id);
      await Taro.showToast({ title: pending ? '已撤回' : '已删除', icon: 'success' });
      if (Taro.getCurrentPages().length > 1) void Taro.navigateBack();
      else void Taro.redirectTo({ url: ACCOUNT_PAGES.family });
    } catch (err) {
      void Taro.showModal({ title: '没有删除成功', content: err instanceof ApiError ? err.message : '请稍后再试', showCancel: false });
    } finally {
      setRemoving(false);
    }
  };

  return (
    <>
      <View className="card member-detail" data-testid="family-detail">
        <View className="member-detail__head">
          <Text className="member-detail__name" data-testid="family-detail-name">
            {member.name}
          </Text>
          <Text className={`acc-tag${isSelf ? ' acc-tag--self' : ''}`}>{relationLabel(member)}</Text>
          {member.isMinor && <Text className="acc-tag acc-tag--minor">未成年</Text>}
          {pending && <Text className="acc-tag acc-tag--pending">待对方确认</Text>}
        </View>
        <Row label="身份证号" value={member.idNumber} testId="family-detail-idNumber" />
        <Row label="性别" value={SEX_LABELS[member.sex]} />
        <Row label="出生日期" value={`${formatDate(member.birthDate)}（${member.age}岁）`} />
        <Row label="手机号" value={member.phone ?? '没有填'} testId="family-detail-phone" />
        {!pending && (
          <Button className="member-detail__reveal" size="small" fill="outline" data-testid="family-reveal" onClick={onToggleReveal}>
            {revealed ? '隐藏完整信息' : '显示完整信息'}
          </Button>
        )}
        {revealed && <Text className="acc-field__hint">完整信息只在这台手机上显示，请注意身边有没有人看。</Text>}
      </View>

      {pending && (
        <Text className="acc-note acc-note--warn">
          {member.name}有自己的医共通账号。要等对方在“我的”页面的“授权请求”里同意后，您才能为其预约挂号、查报告和续方。
        </Text>
      )}
      {member.isMinor && !pending && <Text className="acc-note">孩子未满14周岁，由您作为监护人为其办理。</Text>}

      <View className="acc-actions">
        {!pending && (
          <Button
            block
            type="primary"
            size="large"
            data-testid="family-health-card"
            onClick={() => Taro.navigateTo({ url: `${ACCOUNT_PAGES.healthCard}?memberId=${encodeURIComponent(member.id)}` })}
          >
            出示电子健康卡
          </Button>
        )}
        {!pending && (
          <Button block size="large" data-testid="family-notify-preferences" onClick={() => Taro.navigateTo({ url: `${ACCOUNT_PAGES.notifyPreferences}?memberId=${encodeURIComponent(member.id)}` })}>
            通知方式（可请村医打电话）
          </Button>
        )}
        {!pending && (
          <Button block size="large" data-testid="family-edit" onClick={() => Taro.navigateTo({ url: `${ACCOUNT_PAGES.familyForm}?id=${encodeURIComponent(member.id)}` })}>
            {isSelf ? '修改手机号' : '修改手机号或关系'}
          </Button>
        )}
        {isSelf ? (
          <Text className="muted member-detail__self-note">本人信息不能删除。如果不再使用医共通，可以在“我的”里注销账号。</Text>
        ) : (
          <Button block size="large" type="danger" fill="outline" loading={removing} data-testid="family-delete" onClick={remove}>
            {pending ? '撤回申请' : '删除这位就诊人'}
          </Button>
        )}
      </View>
    </>
  );
}
