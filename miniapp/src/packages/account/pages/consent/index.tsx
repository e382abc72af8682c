import { Text, View } from '@tarojs/components';
import Taro, { useRouter, useUnload } from '@tarojs/taro';
import { localDate } from '@ygt/shared';
import { useRef, useState } from 'react';
import { Button } from '../../../../components/nutui';
import { Page } from '../../../../components/page';
import { RemoteView, useRemote } from '../../../../components/remote';
import { getMe, grantHealthDataConsent } from '../../../../services/account';
import { ApiError } from '../../../../services/api';
import { settleHealthConsent } from '../../../../services/consent';
import { openUrl, safeDecode } from '../../../../services/sign-in';
import { formatDate } from '../../family';
import '../../account.scss';
import './index.scss';

/**
 * How the page was opened: `ask` by a health page through ensureHealthConsent (it waits for the
 * answer), `welcome` right after sign-in (then on to `redirect`), `view` from 我的.
 */
type Mode = 'ask' | 'welcome' | 'view';

/** The text of 《个人健康信息处理单独同意书》; a change here needs a new HEALTH_DATA_CONSENT_VERSION. */
const SECTIONS: { title: string; body: string }[] = [
  {
    title: '一、处理哪些信息',
    body: '您和您添加的就诊人的：预约挂号和就诊记录，检查检验报告，处方、用药和续方记录，医保结算和报销记录。',
  },
  {
    title: '二、为什么处理',
    body: '只为给您办理预约挂号、报告查询、长处方续方和医保报销，并让您在手机上看到结果。不用于广告，不出售给任何人。',
  },
  {
    title: '三、谁能看到',
    body: '您本人能看到。为您看病、开药、办理报销的医共体成员机构（县医院、乡镇卫生院、村卫生室和药房）的医护人员，在工作需要时能看到。他们每一次查看都会被记录，您可以在“我的”页面的“个人信息访问记录”里看到是谁、在哪家机构、什么时间、为什么查看。',
  },
  {
    title: '四、保存多久',
    body: '您使用医共通期间保存。注销账号后，医共通不再为您处理这些信息；但医院为您写的病历、报告、处方和结算记录，按国家规定由医院保存规定的年限。',
  },
  {
    title: '五、不同意会怎样',
    body: '您仍然可以登录、管理就诊人、出示电子健康卡、查看医院电话。只是预约挂号、报告查询、续方和医保报销这几项服务用不了，以后想用时可以再同意。',
  },
  {
    title: '六、怎样撤回',
    body: '在“我的”页面点“注销账号”，同意就一并撤回。撤回前已经办理的事不受影响。有疑问可以打电话问您常去的卫生院。',
  },
];

export default function ConsentPage() {
  const params = useRouter().params;
  const mode: Mode = params.mode === 'ask' || params.mode === 'welcome' ? params.mode : 'view';
  const redirect = safeDecode(params.redirect ?? '') || '/pages/mine/index';
  const [me, reload] = useRemote(getMe, []);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const decided = useRef(false);

  // Leaving without choosing (the back arrow) counts as “not now”.
  useUnload(() => {
    if (mode === 'ask' && !decided.current) settleHealthConsent(false);
  });

  const finish = (agreed: boolean) => {
    decided.current = true;
    if (mode === 'ask') {
      settleHealthConsent(agreed);
      void Taro.navigateBack();
    } else if (mode === 'welcome') {
      openUrl(redirect, true);
    } else {
      void Taro.navigateBack();
    }
  };

  const agree = async (version: string) => {
    setBusy(true);
    setError('');
    try {
      await grantHealthDataConsent(version);
      void Taro.showToast({ title: '已同意', icon: 'success' });
      finish(true);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : '没有提交成功，请稍后再试');
      if (err instanceof ApiError && err.field === 'version') reload();
    } finally {
      setBusy(false);
    }
  };

  return (
    <Page className="consent">
      <RemoteView state={me} onRetry={reload}>
        {({ consent }) => (
          <>
            {mode !== 'view' && !consent.healthData && (
              <Text className="acc-note">
                {mode === 'ask' ? '这项服务要用到健康信息，按照法律规定，需要您单独同意。' : '登录成功。按照法律规定，使用健康服务前需要您单独同意，请花一分钟读一读。'}
              </Text>
            )}
            <View className="card consent__doc" data-testid="consent-document">
              <Text className="consent__title">《个人健康信息处理单独同意书》</Text>
              <Text className="consent__version">版本 {consent.currentVersion} · 云溪县医共体 医共通</Text>
              <Text className="consent__intro">
                为了给您和家人办理看病相关的服务，医共通需要处理你们的健康信息。健康信息属于敏感个人信息，依照《个人信息保护法》，需要您单独同意。
              </Text>
              {SECTIONS.map((section) => (
                <View key={section.title} className="consent__section">
                  <Text className="consent__section-title">{section.title}</Text>
                  <Text className="consent__section-body">{section.body}</Text>
                </View>
              ))}
            </View>

            {error && (
              <Text className="acc-form-error" data-testid="consent-error">
                {error}
              </Text>
            )}

            {consent.healthData ? (
              <View className="acc-actions">
                <Text className="acc-note" data-testid="consent-granted">
                  您已于 {consent.grantedAt ? formatDate(localDate(consent.grantedAt)) : ''} 同意本同意书（版本 {consent.version}）。
                </Text>
                <Button block size="large" onClick={() => finish(true)}>
                  {mode === 'welcome' ? '继续' : '返回'}
                </Button>
              </View>
            ) : (
              // Kept on screen while reading: an elder need not find the buttons at the end.
              <View className="acc-actions consent__actions">
                <Button block type="primary" size="large" loading={busy} data-testid="consent-agree" onClick={() => agree(consent.currentVersion)}>
                  我已阅读，同意
                </Button>
                <Button block size="large" disabled={busy} data-testid="consent-decline" onClick={() => finish(false)}>
                  暂不同意
                </Button>
              </View>
            )}
          </>
        )}
      </RemoteView>
    </Page>
  );
}
