import { Text, View } from '@tarojs/components';
import type { Message } from '@ygt/shared';
import { Page } from '../../../../components/page';
import { RemoteView } from '../../../../components/remote';
import { listMessages, markMessagesRead } from '../../../../services/messages';
import { openUrl } from '../../../../services/sign-in';
import { formatInstant } from '../../family';
import { useAccountRemote } from '../../hooks';
import '../../account.scss';
import './index.scss';

/**
 * Opening the message centre reads what is shown: the unread ones are marked read at once (the
 * count on 我的 goes down), and keep their “新” mark on this screen so the resident sees which.
 */
async function loadAndRead(): Promise<Message[]> {
  const { items } = await listMessages();
  const unread = items.filter((m) => m.readAt === null).map((m) => m.id);
  if (unread.length > 0) await markMessagesRead(unread).catch(() => undefined);
  return items;
}

export default function MessagesPage() {
  const [messages, reload] = useAccountRemote(loadAndRead);
  return (
    <Page className="messages">
      <RemoteView state={messages} onRetry={reload} isEmpty={(items) => items.length === 0} emptyText="还没有消息。预约、报告、续方有进展时，会在这里告诉您。">
        {(items) => items.map((message) => <MessageItem key={message.id} message={message} />)}
      </RemoteView>
    </Page>
  );
}

function MessageItem({ message }: { message: Message }) {
  const isNew = message.readAt === null;
  const link = message.link;
  return (
    <View
      className={`card message-item${isNew ? ' message-item--new' : ''}`}
      data-testid="message-item"
      hoverClass={link ? 'message-item--pressed' : 'none'}
      onClick={() => link && openUrl(link)}
    >
      <View className="message-item__head">
        {isNew && <Text className="acc-tag acc-tag--new">新</Text>}
        <Text className="message-item__title">{message.title}</Text>
      </View>
      <Text className="acc-time">{formatInstant(message.createdAt)}</Text>
      <Text className="message-item__body">{message.body}</Text>
      {link && <Text className="message-item__link">查看详情 ›</Text>}
    </View>
  );
}
