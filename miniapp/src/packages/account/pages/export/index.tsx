import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { localDate } from '@ygt/shared';
import { useState } from 'react';
import { Button } from '../../../../components/nutui';
import { Page } from '../../../../components/page';
import { downloadTextFile } from '../../../../platform';
import { exportMyData } from '../../../../services/account';
import { ApiError } from '../../../../services/api';
import { useRequireSignIn } from '../../../../services/sign-in';
import '../../account.scss';
import './index.scss';

const IS_H5 = process.env.TARO_ENV === 'h5';

function countOf(data: Record<string, unknown>, key: string): number {
  const value = data[key];
  return Array.isArray(value) ? value.length : 0;
}

export default function ExportPage() {
  useRequireSignIn();
  const [text, setText] = useState('');
  const [counts, setCounts] = useState<{ members: number; consents: number; accesses: number } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  const exportNow = async () => {
    setBusy(true);
    setError('');
    try {
      const data = await exportMyData();
      const json = JSON.stringify(data, null, 2);
      setText(json);
      setCounts({ members: countOf(data, 'familyMembers'), consents: countOf(data, 'consents'), accesses: countOf(data, 'accessLog') });
      if (downloadTextFile(`医共通-我的信息-${localDate(Date.now())}.json`, json)) {
        void Taro.showToast({ title: '已下载', icon: 'success' });
      }
    } catch (err) {
      setError(err instanceof ApiError ? err.message : '没有导出成功，请稍后再试');
    } finally {
      setBusy(false);
    }
  };

  const copy = () => void Taro.setClipboardData({ data: text }).catch(() => setError('没有复制成功，请稍后再试'));

  return (
    <Page className="export">
      <View className="card">
        <Text className="export__title">导出的内容</Text>
        <Text className="export__line">· 账号信息（注册时间、是否演示账号）</Text>
        <Text className="export__line">· 就诊人信息（包括完整的姓名、身份证号和手机号）</Text>
        <Text className="export__line">· 您签署的同意书记录</Text>
        <Text className="export__line">· 个人信息访问记录</Text>
      </View>
      <Text className="acc-note acc-note--warn">导出的内容里有完整的身份证号，请妥善保管，不要随便转发给别人。</Text>

      {error && (
        <Text className="acc-form-error" data-testid="export-error">
          {error}
        </Text>
      )}

      <Button block type="primary" size="large" loading={busy} data-testid="export-now" onClick={exportNow}>
        {IS_H5 ? '导出并下载文件' : '导出我的信息'}
      </Button>

      {counts && (
        <View className="card export__result" data-testid="export-result">
          <Text className="export__title">已导出</Text>
          <Text className="export__line">
            就诊人 {counts.members} 位，同意书记录 {counts.consents} 条，访问记录 {counts.accesses} 条。
          </Text>
          {IS_H5 && <Text className="muted">文件已下载到浏览器的下载目录。</Text>}
          <View className="acc-actions">
            <Button block size="large" data-testid="export-copy" onClick={copy}>
              复制全部内容
            </Button>
          </View>
          <View className="export__text">
            <Text userSelect>{text}</Text>
          </View>
        </View>
      )}
    </Page>
  );
}
