import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { RELATION_LABELS } from '@ygt/shared';
import { useState } from 'react';
import { Button } from '../../../../components/nutui';
import { Page } from '../../../../components/page';
import { RemoteView } from '../../../../components/remote';
import { decideLinkRequest, listLinkRequests, type LinkRequest } from '../../../../services/account';
import { ApiError } from '../../../../services/api';
import { formatInstant } from '../../family';
import { useAccountRemote } from '../../hooks';
import '../../account.scss';
import './index.scss';

export default function LinkRequestsPage() {
  const [requests, reload] = useAccountRemote(listLinkRequests);
  return (
    <Page className="link-requests">
      <Text className="acc-note">
        有人想把您添加为他的就诊人。您同意后，对方可以用他的微信为您预约挂号、查看报告、续方和查看医保报销。请只同意您信任的家人。
      </Text>
      <RemoteView state={requests} onRetry={reload}>
        {(items) =>
          items.length === 0 ? (
            <View className="card link-requests__empty" data-testid="link-requests-empty">
              <Text className="link-requests__empty-title">没有需要您处理的授权请求</Text>
            </View>
          ) : (
            items.map((request) => <RequestCard key={request.id} request={request} onDecided={reload} />)
          )
        }
      </RemoteView>
    </Page>
  );
}

function RequestCard({ request, onDecided }: { request: LinkRequest; onDecided: () => void }) {
  const [busy, setBusy] = useState(false);
  const relation = RELATION_LABELS[request.relation];

  const decide = async (approve: boolean) => {
    const { confirm } = await Taro.showModal({
      title: approve ? '同意授权' : '拒绝授权',
      content: approve
        ? `同意后，${request.requesterName}可以为您预约挂号、查看您的报告、续方和医保报销。确定同意吗？`
        : `拒绝后，${request.requesterName}不能为您办理。对方以后可以重新申请。确定拒绝吗？`,
      confirmText: approve ? '同意' : '拒绝',
      confirmColor: approve ? '#0a5c8a' : '#b42318',
      cancelText: '再想想',
    });
    if (!confirm) return;
    setBusy(true);
    try {
      await decideLinkRequest(request.id, approve);
      await Taro.showToast({ title: approve ? '已同意' : '已拒绝', icon: 'success' });
      onDecided();
    } catch (err) {
      void Taro.showModal({ title: '没有处理成功', content: err instanceof ApiError ? err.message : '请稍后再试', showCancel: false });
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className="card link-request" data-testid="link-request-item">
      <Text className="acc-time">{formatInstant(request.createdAt)}</Text>
      <Text className="link-request__text">
        <Text className="link-request__who">{request.requesterName}</Text> 申请把您添加为就诊人，说您是他的“{relation}”。
      </Text>
      <View className="link-request__actions">
        <Button className="link-request__button" type="primary" size="large" disabled={busy} data-testid="link-request-approve" onClick={() => decide(true)}>
          同意
        </Button>
        <Button className="link-request__button" type="danger" fill="outline" size="large" disabled={busy} data-testid="link-request-reject" onClick={() => decide(false)}>
          拒绝
        </Button>
      </View>
    </View>
  );
}
