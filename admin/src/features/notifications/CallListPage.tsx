import { CheckOutlined, PhoneOutlined, ReloadOutlined } from '@ant-design/icons';
import type { CallListItem } from '@ygt/shared';
import { Alert, App, Button, Card, Empty, Input, Modal, Select, Space, Spin, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { ApiError, errorMessage } from '../../api/client';
import { useRequest } from '../../api/useRequest';
import { useSession } from '../auth/session';
import { type CallListStatus, listCallList, markCallDone } from './api';
import { formatCallTime } from './time';

/** '13800001002' -> '138 0000 1002': easier to read out and dial. */
function groupPhone(phone: string): string {
  return /^1\d{10}$/.test(phone) ? `${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)}` : phone;
}

const QUICK_NOTES = ['已电话告知本人', '已告知家属', '本人来卫生室时已当面告知'];

/**
 * 电话通知名单: residents (often elderly) who asked that this clinic also tell them their
 * messages. Staff phone them and tick each item off; the done tab shows who did it and when.
 */
export function CallListPage() {
  const { staff } = useSession();
  const facilities = staff?.facilities ?? [];
  const [status, setStatus] = useState<CallListStatus>('open');
  const [facilityId, setFacilityId] = useState<string | undefined>(undefined);
  const [ticking, setTicking] = useState<CallListItem | null>(null);
  const list = useRequest((signal) => listCallList(status, facilityId, signal), [status, facilityId]);
  const items = list.data ?? [];

  return (
    <Space direction="vertical" size={16} style={{ width: '100%', maxWidth: 900 }}>
      <div>
        <Typography.Title level={3} style={{ margin: 0 }}>
          电话通知名单
        </Typography.Title>
        <Typography.Text type="secondary">
          这些居民（多是不常看微信的老人）选择了“请村医打电话通知”。请打电话把消息告诉居民，打完后点“已通知”。打开名单会记入居民可见的访问记录。
        </Typography.Text>
      </div>

      <Space wrap size={12} style={{ justifyContent: 'space-between', width: '100%' }}>
        <Tabs
          activeKey={status}
          onChange={(key) => setStatus(key as CallListStatus)}
          style={{ marginBottom: -16 }}
          items={[
            { key: 'open', label: <span data-testid="call-tab-open">待通知</span> },
            { key: 'done', label: <span data-testid="call-tab-done">已通知</span> },
          ]}
        />
        <Space wrap>
          {facilities.length > 1 && (
            <Select
              style={{ minWidth: 220 }}
              value={facilityId ?? ''}
              onChange={(value) => setFacilityId(value || undefined)}
              options={[{ value: '', label: `全部机构（${facilities.length}个）` }, ...facilities.map((f) => ({ value: f.id, label: f.name }))]}
              data-testid="call-facility"
            />
          )}
          <Button icon={<ReloadOutlined />} onClick={list.reload} data-testid="call-reload">
            刷新
          </Button>
        </Space>
      </Space>

      {list.error ? (
        <Alert
          type="error"
          showIcon
          message="名单没有加载出来"
          description={list.error}
          action={
            <Button size="small" onClick={list.reload}>
              重试
            </Button>
          }
        />
      ) : list.loading && !list.data ? (
        <Card>
          <Spin tip="正在加载…">
            <div style={{ height: 80 }} />
          </Spin>
        </Card>
      ) : items.length === 0 ? (
        <Card>
          <Empty
            data-testid="call-empty"
            description={status === 'open' ? '今天没有需要电话通知的居民' : '还没有已通知的记录'}
          />
        </Card>
      ) : (
        <Spin spinning={list.loading}>
          <Space direction="vertical" size={12} style={{ width: '100%' }}>
            <Typography.Text type="secondary" data-testid="call-count">
              {status === 'open' ? `共 ${items.length} 条待通知，按时间先后排列` : `最近 ${items.length} 条已通知`}
            </Typography.Text>
            {items.map((item) => (
              <CallItemCard key={item.id} item={item} showFacility={facilities.length > 1} onDone={() => setTicking(item)} />
            ))}
          </Space>
        </Spin>
      )}

      <DoneModal
        item={ticking}
        onClose={() => setTicking(null)}
        onDone={() => {
          setTicking(null);
          list.reload();
        }}
      />
    </Space>
  );
}

function CallItemCard({ item, showFacility, onDone }: { item: CallListItem; showFacility: boolean; onDone: () => void }) {
  const done = item.doneAt !== null;
  return (
    <Card size="small" data-testid="call-item" data-item-id={item.id} styles={{ body: { padding: 16 } }}>
      <div style={{ display: 'flex', gap: 16, alignItems: 'flex-start', flexWrap: 'wrap' }}>
        <div style={{ flex: '1 1 420px', minWidth: 0 }}>
          <Space size={10} wrap align="center">
            <Typography.Text strong style={{ fontSize: 18 }} data-testid="call-person">
              {item.personName}
            </Typography.Text>
            {item.phone ? (
              <a href={`tel:${item.phone}`} style={{ fontSize: 18 }} data-testid="call-phone">
                <PhoneOutlined /> {groupPhone(item.phone)}
              </a>
            ) : (
              <Tag color="orange" data-testid="call-no-phone">
                没有登记电话，请当面告知
              </Tag>
            )}
            {showFacility && <Tag>{item.facilityName}</Tag>}
          </Space>
          <div style={{ marginTop: 8 }}>
            <Tag color={done ? 'default' : 'blue'} data-testid="call-title">
              {item.title}
            </Tag>
            <Typography.Text type="secondary" data-testid="call-time">
              {formatCallTime(item.createdAt)}
            </Typography.Text>
          </div>
          <Typography.Paragraph style={{ margin: '8px 0 0', fontSize: 15 }} data-testid="call-body">
            {item.body}
          </Typography.Paragraph>
          {done && (
            <Typography.Text type="secondary" data-testid="call-done-by">
              <CheckOutlined style={{ color: '#389e0d' }} /> {item.doneByName ?? '工作人员'} 于 {formatCallTime(item.doneAt!)} 已通知
              {item.note ? `：${item.note}` : ''}
            </Typography.Text>
          )}
        </div>
        {!done && (
          <Button type="primary" size="large" icon={<CheckOutlined />} onClick={onDone} data-testid={`call-done-${item.id}`}>
            已通知
          </Button>
        )}
      </div>
    </Card>
  );
}

function DoneModal({ item, onClose, onDone }: { item: CallListItem | null; onClose: () => void; onDone: () => void }) {
  const { message } = App.useApp();
  const [note, setNote] = useState('');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string>();

  const confirm = async () => {
    if (!item) return;
    setSaving(true);
    setError(undefined);
    try {
      await markCallDone(item.id, note.trim() || undefined);
      message.success(`已记录：${item.personName}已通知`);
      setNote('');
      onDone();
    } catch (err) {
      // Someone else ticked it off meanwhile: nothing left to do here.
      if (err instanceof ApiError && err.status === 409) {
        message.warning(err.message);
        setNote('');
        onDone();
      } else setError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={item !== null}
      title={item ? `确认已通知 ${item.personName}` : ''}
      okText="确认已通知"
      cancelText="还没打"
      confirmLoading={saving}
      onOk={confirm}
      onCancel={() => {
        setNote('');
        setError(undefined);
        onClose();
      }}
      okButtonProps={{ 'data-testid': 'call-done-confirm' } as Record<string, string>}
      destroyOnHidden
    >
      {item && (
        <Space direction="vertical" size={10} style={{ width: '100%' }}>
          <Typography.Text>
            确认已经把“{item.title}”告诉了居民？确认后这条会移到“已通知”，记下您的姓名和时间。
          </Typography.Text>
          <div>
            <Typography.Text strong>备注</Typography.Text>
            <Typography.Text type="secondary">（选填，如：已告知家属）</Typography.Text>
          </div>
          <Space size={[6, 6]} wrap>
            {QUICK_NOTES.map((q) => (
              <Button key={q} size="small" type={note === q ? 'primary' : 'default'} onClick={() => setNote(q)}>
                {q}
              </Button>
            ))}
          </Space>
          <Input.TextArea value={note} onChange={(e) => setNote(e.target.value)} maxLength={200} showCount autoSize={{ minRows: 2, maxRows: 4 }} style={{ marginBottom: 16 }} data-testid="call-note" />
          {error && <Alert type="error" showIcon message={error} data-testid="call-done-error" />}
        </Space>
      )}
    </Modal>
  );
}
