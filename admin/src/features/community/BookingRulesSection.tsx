import type { BookingRules, Facility } from '@ygt/shared';
import { Alert, App, Button, Descriptions, Skeleton, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useRequest } from '../../api/useRequest';
import { useSession } from '../auth/session';
import { getBookingRules } from './api';
import { BookingPolicyModal } from './BookingPolicyModal';

/**
 * The booking rules residents read for this facility, in the same words; a community admin can
 * change them here.
 */
export function BookingRulesSection({ facility }: { facility: Facility }) {
  const { staff } = useSession();
  const { message } = App.useApp();
  const canEdit = staff?.roles.includes('community_admin') ?? false;
  const loaded = useRequest((signal) => getBookingRules(facility.id, signal), [facility.id]);
  const [saved, setSaved] = useState<BookingRules>();
  const [editing, setEditing] = useState(false);
  const rules = saved ?? loaded.data;

  let body;
  if (loaded.error && !saved) {
    body = (
      <Alert
        type="error"
        showIcon
        message={`预约规则加载失败：${loaded.error}`}
        action={
          <Button size="small" onClick={loaded.reload}>
            重试
          </Button>
        }
      />
    );
  } else if (!rules) {
    body = <Skeleton active paragraph={{ rows: 3 }} title={false} />;
  } else {
    body = (
      <Descriptions column={1} size="small" styles={{ label: { width: 96 } }} data-testid="booking-rules-list">
        {rules.items.map((r) => (
          <Descriptions.Item key={r.key} label={r.title}>
            {r.text}
          </Descriptions.Item>
        ))}
      </Descriptions>
    );
  }

  return (
    <section data-testid="booking-rules-section">
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 8 }}>
        <Typography.Title level={5} style={{ margin: 0 }}>
          预约规则
          {rules && (
            <Tag bordered={false} color={rules.isDefault ? 'default' : 'blue'} style={{ marginLeft: 8, fontWeight: 'normal' }} data-testid="booking-rules-source">
              {rules.isDefault ? '医共体默认' : '本机构规则'}
            </Tag>
          )}
        </Typography.Title>
        {canEdit && rules && (
          <Button size="small" onClick={() => setEditing(true)} data-testid="booking-rules-edit">
            修改规则
          </Button>
        )}
      </Space>
      {body}
      {canEdit && (
        <BookingPolicyModal
          facility={facility}
          rules={editing && rules ? rules : null}
          onClose={() => setEditing(false)}
          onSaved={(next) => {
            setSaved(next);
            setEditing(false);
            void message.success('预约规则已保存，对此后的新预约生效');
          }}
        />
      )}
    </section>
  );
}
