import { Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { Button } from '../../../../components/nutui';
import { Page } from '../../../../components/page';
import { deleteAccount } from '../../../../services/account';
import { ApiError } from '../../../../services/api';
import { useRequireSignIn } from '../../../../services/sign-in';
import { clearSession } from '../../../../stores/session';
import { ACCOUNT_PAGES } from '../../family';
import '../../account.scss';
import './index.scss';

const CONFIRM_WORD = '注销';

export default function DeleteAccountPage() {
  useRequireSignIn();
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const ready = typed.trim() === CONFIRM_WORD;

  const deleteNow = async () => {
    if (!ready || busy) return;
    const { confirm } = await Taro.showModal({
      title: '最后确认',
      content: '注销后不能恢复，账号里的就诊人会全部解除。确定注销吗？',
      confirmText: '确定注销',
      confirmColor: '#b42318',
      cancelText: '不注销了',
    });
    if (!confirm) return;
    setBusy(true);
    setError('');
    try {
      await deleteAccount();
      clearSession();
      await Taro.showToast({ title: '账号已注销', icon: 'success' });
      void Taro.switchTab({ url: '/pages/mine/index' });
    } catch (err) {
      setError(err instanceof ApiError ? err.message : '没有注销成功，请稍后再试');
    } finally {
      setBusy(false);
    }
  };

  return (
    <Page className="delete-account">
      <View className="card">
        <Text className="delete-account__title">注销后，这些会结束</Text>
        <Text className="delete-account__line">· 这个微信不能再登录这个账号，需要重新登录并重新填写实名信息。</Text>
        <Text className="delete-account__line">· 您添加的就诊人全部解除，不能再为家人办理；别人等您确认的授权请求会被拒绝。</Text>
        <Text className="delete-account__line">· 您签署的《个人健康信息处理单独同意书》同时撤回，医共通不再为您处理健康信息。</Text>
      </View>

      <View className="card">
        <Text className="delete-account__title">这些会按法律规定保留</Text>
        <Text className="delete-account__line">
          · 医院、卫生院、村卫生室和药房为您和家人做的医疗记录：预约挂号、检查检验报告、处方、医保结算。这些是医疗机构的病历资料，由它们按国家规定的年限保存（例如门诊病历不少于15年），不能因为注销而删除。
        </Text>
        <Text className="delete-account__line">· 医护人员查看您信息的访问记录，作为安全审计记录保存。</Text>
        <Text className="delete-account__line">以后重新登录并实名后，您仍然可以看到属于您本人的医疗记录。</Text>
      </View>

      <Text className="acc-note">注销前，您可以先导出一份自己的信息保存好。</Text>
      <Button block size="large" onClick={() => Taro.navigateTo({ url: ACCOUNT_PAGES.exportData })}>
        先导出我的信息
      </Button>

      <View className="acc-field delete-account__confirm">
        <Text className="acc-field__label">确认注销，请在下面输入“{CONFIRM_WORD}”两个字</Text>
        <Input
          className="acc-field__input"
          data-testid="delete-confirm-input"
          value={typed}
          maxlength={10}
          placeholder={`输入“${CONFIRM_WORD}”`}
          onInput={(e) => setTyped(e.detail.value)}
        />
      </View>

      {error && (
        <Text className="acc-form-error" data-testid="delete-error">
          {error}
        </Text>
      )}

      <Button block type="danger" size="large" disabled={!ready} loading={busy} data-testid="delete-account" onClick={deleteNow}>
        注销账号
      </Button>
    </Page>
  );
}
