import { Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import type { Me } from '@ygt/shared';
import { useState } from 'react';
import { Button } from '../../components/nutui';
import { RemoteView, useRemote } from '../../components/remote';
import { getMe, listLinkRequests, signOut } from '../../services/account';
import { unreadMessageCount } from '../../services/messages';
import { goToSignIn } from '../../services/sign-in';
import { clearSession, useSession } from '../../stores/session';
import './account-section.scss';

// The account pages live in the account subpackage (this page may import only types from @ygt/shared).
const PAGES = {
  consent: '/packages/account/pages/consent/index',
  family: '/packages/account/pages/family/index',
  selfForm: '/packages/account/pages/family-form/index?relation=self',
  healthCard: '/packages/account/pages/health-card/index',
  messages: '/packages/account/pages/messages/index',
  notifyPreferences: '/packages/account/pages/notify-preferences/index',
  linkRequests: '/packages/account/pages/link-requests/index',
  accessLog: '/packages/account/pages/access-log/index',
  exportData: '/packages/account/pages/export/index',
  deleteAccount: '/packages/account/pages/delete/index',
  bookings: '/packages/booking/pages/mine/index',
};

const open = (url: string) => void Taro.navigateTo({ url });

/** The signed-in part of 我的: who is signed in, their counts, and every account page. */
export function AccountSection() {
  const session = useSession();
  if (!session) {
    return (
      <View className="card account-card" data-testid="mine-signed-out">
        <Text className="account-card__title">还没有登录</Text>
        <Text className="account-card__hint">登录后，可以为自己和家人预约挂号、查报告、续方、查医保报销。</Text>
        <Button block type="primary" size="large" data-testid="mine-signin" onClick={() => goToSignIn('/pages/mine/index')}>
          登录
        </Button>
      </View>
    );
  }
  return <SignedIn />;
}

interface Counts {
  unread: number;
  linkRequests: number;
}

/** Counts are extras: when they cannot load, the entries still work. */
async function loadCounts(): Promise<Counts> {
  const [unread, requests] = await Promise.all([unreadMessageCount().catch(() => 0), listLinkRequests().catch(() => [])]);
  return { unread, linkRequests: requests.length };
}

function SignedIn() {
  const [shown, setShown] = useState(0);
  useDidShow(() => setShown((n) => n + 1));
  const [me, reloadMe] = useRemote(getMe, [shown]);
  const [counts] = useRemote(loadCounts, [shown]);
  const unread = counts.status === 'ready' ? counts.data.unread : 0;
  const linkRequests = counts.status === 'ready' ? counts.data.linkRequests : 0;

  const signOutNow = async () => {
    const { confirm } = await Taro.showModal({ title: '退出登录', content: '退出后，再用需要重新登录。确定退出吗？', confirmText: '退出', cancelText: '不退出' });
    if (!confirm) return;
    // Signed out on this phone even if the server cannot be told (its session expires by itself).
    await signOut().catch(() => undefined);
    clearSession();
    void Taro.showToast({ title: '已退出登录', icon: 'none' });
  };

  return (
    <>
      <RemoteView state={me} onRetry={reloadMe}>
        {(data) => <ProfileCard me={data} />}
      </RemoteView>

      <Text className="section-title">我的服务</Text>
      <View className="card account-entries">
        <Entry testId="mine-bookings" title="我的预约" hint="预约挂号、候补、转诊" onClick={() => open(PAGES.bookings)} />
        <Entry testId="mine-family" title="就诊人管理" hint="本人和家人的实名信息" onClick={() => open(PAGES.family)} />
        <Entry testId="mine-health-card" title="电子健康卡" hint="看病时给医护人员扫一扫" onClick={() => open(PAGES.healthCard)} />
        <Entry
          testId="mine-messages"
          title="消息"
          hint="预约、报告、续方的通知"
          badge={unread > 0 ? { testId: 'unread-badge', text: `${unread > 99 ? '99+' : unread} 条未读` } : undefined}
          onClick={() => open(PAGES.messages)}
        />
        <Entry testId="mine-notify-preferences" title="通知方式" hint="老人不常看微信？可以请村医打电话通知" onClick={() => open(PAGES.notifyPreferences)} />
        <Entry
          testId="mine-link-requests"
          title="授权请求"
          hint="家人申请为您代办"
          badge={linkRequests > 0 ? { testId: 'link-requests-badge', text: `${linkRequests} 条待处理` } : undefined}
          onClick={() => open(PAGES.linkRequests)}
        />
      </View>

      <Text className="section-title">个人信息保护</Text>
      <View className="card account-entries">
        <Entry testId="mine-access-log" title="个人信息访问记录" hint="哪些医护人员看过您的信息" onClick={() => open(PAGES.accessLog)} />
        <Entry testId="mine-consent" title="健康信息单独同意书" hint="查看您同意过的内容" onClick={() => open(PAGES.consent)} />
        <Entry testId="mine-export" title="导出我的信息" hint="保存一份您在医共通的个人信息" onClick={() => open(PAGES.exportData)} />
        <Entry testId="mine-delete" title="注销账号" hint="不再使用医共通" onClick={() => open(PAGES.deleteAccount)} />
      </View>

      <Button className="account-signout" block size="large" data-testid="mine-signout" onClick={signOutNow}>
        退出登录
      </Button>
    </>
  );
}

function ProfileCard({ me }: { me: Me }) {
  return (
    <View className="card account-card" data-testid="mine-profile">
      {me.self ? (
        <>
          <View className="account-card__head">
            <Text className="account-card__name" data-testid="mine-self-name">
              {me.self.name}
            </Text>
            <Text className="account-tag">本人</Text>
            {me.isDemo && <Text className="account-tag account-tag--demo">演示账号</Text>}
          </View>
          <Text className="account-card__hint">身份证 {me.self.idNumber}</Text>
        </>
      ) : (
        <>
          <View className="account-card__head">
            <Text className="account-card__title">已登录</Text>
            {me.isDemo && <Text className="account-tag account-tag--demo">演示账号</Text>}
          </View>
          <Text className="account-card__hint">还没有填写您本人的姓名和身份证号。填好后才能为自己和家人办理。</Text>
          <Button block type="primary" size="large" data-testid="mine-complete-profile" onClick={() => open(PAGES.selfForm)}>
            完善实名信息
          </Button>
        </>
      )}
      <View className={`account-consent${me.consent.healthData ? '' : ' account-consent--missing'}`} data-testid="mine-consent-status" onClick={() => open(PAGES.consent)}>
        {me.consent.healthData ? '✓ 已同意健康信息单独同意书' : '! 还没有同意健康信息单独同意书，预约、查报告前需要同意 ›'}
      </View>
    </View>
  );
}

interface EntryProps {
  testId: string;
  title: string;
  hint: string;
  badge?: { testId: string; text: string };
  onClick: () => void;
}

function Entry({ testId, title, hint, badge, onClick }: EntryProps) {
  return (
    <View className="account-entry" data-testid={testId} hoverClass="account-entry--pressed" onClick={onClick}>
      <View className="account-entry__text">
        <Text className="account-entry__title">{title}</Text>
        <Text className="account-entry__hint">{hint}</Text>
      </View>
      {badge && (
        <Text className="account-entry__badge" data-testid={badge.testId}>
          {badge.text}
        </Text>
      )}
      <Text className="account-entry__arrow">›</Text>
    </View>
  );
}
