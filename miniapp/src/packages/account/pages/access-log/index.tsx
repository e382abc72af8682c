import { Text, View } from '@tarojs/components';
import { Page } from '../../../../components/page';
import { RemoteView } from '../../../../components/remote';
import { listAccessLog, type AccessLogEntry } from '../../../../services/account';
import { formatInstant } from '../../family';
import { useAccountRemote } from '../../hooks';
import '../../account.scss';
import './index.scss';

export default function AccessLogPage() {
  const [entries, reload] = useAccountRemote(listAccessLog);
  return (
    <Page className="access-log">
      <Text className="acc-note">
        医护人员每次查看您和家人的信息，都会记在这里：是谁、在哪家机构、什么时间、看了什么、为什么看。如果有您不认识的查看，请打电话问问这家机构。
      </Text>
      <RemoteView state={entries} onRetry={reload}>
        {(items) =>
          items.length === 0 ? (
            <View className="card access-log__empty" data-testid="access-log-empty">
              <Text className="access-log__empty-title">还没有医护人员查看过您和家人的信息</Text>
              <Text className="muted">以后有人查看，会在这里显示。</Text>
            </View>
          ) : (
            <>
              <Text className="muted access-log__count">共 {items.length} 条记录，最新的在最上面</Text>
              {items.map((entry) => (
                <AccessLogItem key={entry.id} entry={entry} />
              ))}
            </>
          )
        }
      </RemoteView>
    </Page>
  );
}

function AccessLogItem({ entry }: { entry: AccessLogEntry }) {
  return (
    <View className="card access-log-item" data-testid="access-log-item">
      <Text className="acc-time">{formatInstant(entry.at)}</Text>
      <Text className="access-log-item__what">
        <Text className="access-log-item__who">{entry.actorName}</Text>（{entry.actorRole}）{entry.actionLabel}
      </Text>
      <Text className="access-log-item__line">看的是：{entry.personName}</Text>
      <Text className="access-log-item__line">机构：{entry.facilityName ?? '医共体'}</Text>
      <Text className="access-log-item__line">原因：{entry.reason || '没有填写'}</Text>
    </View>
  );
}
