import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { isActiveBooking, type Patient, type Referral, type StaffProfile } from '@ygt/shared';
import { Alert, App, Button, Card, Empty, Popconfirm, Space, Spin, Table, Tabs, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { type HTMLAttributes, useEffect, useState } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { errorMessage } from '../../api/client';
import { useRequest } from '../../api/useRequest';
import { useSession } from '../auth/session';
import { dateTimeOf, dayLabel } from '../booking/format';
import { BookingStatusTag } from '../booking/labels';
import { acceptReferral, listReferrals, type ReferralBox } from './api';
import { CreateReferralModal } from './CreateReferralModal';
import { REFERRAL_STATUS_COLORS, type ReferState } from './labels';
import { useCanReferUp } from './useCanReferUp';
import { ReferralDrawer } from './ReferralDrawer';
import { BookReferralModal, DeclineReferralModal, ReturnReferralModal } from './ReferralModals';

/** Doctors and clinic staff work referrals; community admins only look. */
function canWork(staff: StaffProfile | null): boolean {
  return staff?.roles.some((r) => r === 'doctor' || r === 'clinic_staff') ?? false;
}

function needsBooking(r: Referral): boolean {
  return r.direction === 'up' && (r.status === 'pending' || r.status === 'accepted') && r.to.department !== null && !(r.booking && isActiveBooking(r.booking.status));
}

/** 转诊中心: referrals addressed to my facilities (转入) and sent from them (转出). */
export function ReferralsPage() {
  const { staff } = useSession();
  const { message } = App.useApp();
  const location = useLocation();
  const navigate = useNavigate();
  const [box, setBox] = useState<ReferralBox>('incoming');
  const [creating, setCreating] = useState<{ patient?: Patient } | null>(null);
  const [openId, setOpenId] = useState<string | null>(null);
  const [declining, setDeclining] = useState<Referral | null>(null);
  const [returning, setReturning] = useState<Referral | null>(null);
  const [booking, setBooking] = useState<Referral | null>(null);
  const [accepting, setAccepting] = useState<string>();
  const [version, setVersion] = useState(0);
  const isDoctor = staff?.roles.includes('doctor') ?? false;
  const canRefer = useCanReferUp();
  const worker = canWork(staff);

  const list = useRequest((signal) => listReferrals(box, signal), [box, version]);

  // Arrived from 患者查询 with a patient: open the referral form for them once.
  useEffect(() => {
    const state = location.state as ReferState | null;
    if (state?.referPatient && canRefer) {
      setCreating({ patient: state.referPatient });
      setBox('outgoing');
      navigate(location.pathname, { replace: true, state: null });
    }
  }, [location.state, canRefer]);

  const changed = () => setVersion((v) => v + 1);

  const accept = async (r: Referral) => {
    setAccepting(r.id);
    try {
      await acceptReferral(r.id);
      message.success(`已接收${r.patient.name}的${r.directionLabel}，已通知患者`);
    } catch (err) {
      message.error(errorMessage(err));
    } finally {
      setAccepting(undefined);
      changed();
    }
  };

  const actions = (r: Referral) => {
    if (!worker) return null;
    const buttons = [];
    if (box === 'incoming' && r.status === 'pending') {
      buttons.push(
        <Popconfirm
          key="accept"
          title={`接收${r.patient.name}的${r.directionLabel}？`}
          description={
            r.direction === 'up'
              ? r.booking
                ? '接收后，转诊预约自动确认，患者会收到就诊时间通知。'
                : '接收后患者会收到通知；还没有预约号源，可以接着点“预约号源”。'
              : '接收后患者会收到通知，请按随访计划联系患者。'
          }
          okText="确认接收"
          cancelText="取消"
          okButtonProps={{ 'data-testid': 'referral-accept-confirm' }}
          onConfirm={() => accept(r)}
        >
          <Button key="accept" size="small" type="primary" loading={accepting === r.id} data-testid="referral-accept">
            接收
          </Button>
        </Popconfirm>,
        <Button key="decline" size="small" danger onClick={() => setDeclining(r)} data-testid="referral-decline">
          拒收
        </Button>,
      );
    }
    if (box === 'incoming' && r.direction === 'up' && r.status === 'accepted' && isDoctor) {
      buttons.push(
        <Tooltip key="return" title="诊治后转回基层，附诊疗小结和随访计划">
          <Button size="small" onClick={() => setReturning(r)} data-testid="referral-return">
            下转
          </Button>
        </Tooltip>,
      );
    }
    if (needsBooking(r)) {
      buttons.push(
        <Button key="book" size="small" onClick={() => setBooking(r)} data-testid="referral-book">
          预约号源
        </Button>,
      );
    }
    return buttons.length ? (
      <Space size={6} wrap>
        {buttons}
      </Space>
    ) : null;
  };

  const columns: TableColumnsType<Referral> = [
    { title: '开具时间', key: 'createdAt', width: 120, render: (_, r) => dateTimeOf(r.createdAt) },
    {
      title: '方向',
      key: 'direction',
      width: 72,
      render: (_, r) => (
        <Tag color={r.direction === 'up' ? 'geekblue' : 'cyan'} style={{ marginInlineEnd: 0 }}>
          {r.direction === 'up' ? '↑ ' : '↓ '}
          {r.directionLabel}
        </Tag>
      ),
    },
    {
      title: '患者',
      key: 'patient',
      render: (_, r) => (
        <Typography.Link strong onClick={() => setOpenId(r.id)} data-testid="referral-patient-name">
          {r.patient.name}
        </Typography.Link>
      ),
    },
    {
      title: box === 'incoming' ? '转出机构' : '转入机构',
      key: 'other',
      render: (_, r) =>
        box === 'incoming' ? (
          <Space direction="vertical" size={0}>
            <span>{r.from.facility.name}</span>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {r.from.staffName}
            </Typography.Text>
          </Space>
        ) : (
          <Space direction="vertical" size={0}>
            <span>{r.to.facility.name}</span>
            {r.to.department && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {r.to.department.name}
              </Typography.Text>
            )}
          </Space>
        ),
    },
    ...(box === 'incoming'
      ? [{ title: '接收科室', key: 'dept', render: (_: unknown, r: Referral) => r.to.department?.name ?? <Typography.Text type="secondary">—</Typography.Text> }]
      : []),
    { title: '原因', key: 'reason', width: 220, render: (_, r) => r.reason },
    {
      title: '就诊预约',
      key: 'booking',
      width: 170,
      render: (_, r) =>
        r.booking ? (
          <Space direction="vertical" size={0}>
            <span>
              {dayLabel(r.booking.date)} {r.booking.startTime}
            </span>
            <BookingStatusTag status={r.booking.status} />
          </Space>
        ) : (
          <Typography.Text type="secondary">{r.direction === 'up' ? '未预约' : '—'}</Typography.Text>
        ),
    },
    {
      title: '状态',
      key: 'status',
      width: 96,
      render: (_, r) => (
        <Tag color={REFERRAL_STATUS_COLORS[r.status]} style={{ marginInlineEnd: 0 }} data-testid="referral-status">
          {r.statusLabel}
        </Tag>
      ),
    },
    {
      title: '操作',
      key: 'actions',
      width: 200,
      render: (_, r) => (
        <Space size={4} wrap>
          {actions(r)}
          <Button size="small" type="link" onClick={() => setOpenId(r.id)} data-testid="referral-detail">
            详情
          </Button>
        </Space>
      ),
    },
  ];

  const items = list.data ?? [];
  const pending = box === 'incoming' ? items.filter((r) => r.status === 'pending').length : 0;
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <div>
          <Typography.Title level={3} style={{ margin: 0 }}>
            转诊中心
          </Typography.Title>
          <Typography.Text type="secondary">基层医生把患者转到县级医院（上转），县级医院诊治后再转回基层随访（下转）。</Typography.Text>
        </div>
        <Space>
          <Button icon={<ReloadOutlined />} onClick={changed}>
            刷新
          </Button>
          {canRefer && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating({})} data-testid="referral-create">
              开具上转单
            </Button>
          )}
        </Space>
      </Space>
      {canRefer && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          也可以在“患者查询”里找到患者后，点患者卡片上的“转诊”。
        </Typography.Text>
      )}

      <Tabs
        activeKey={box}
        onChange={(key) => setBox(key as ReferralBox)}
        style={{ marginBottom: -16 }}
        items={[
          { key: 'incoming', label: <span data-testid="referral-tab-incoming">转入本机构{box === 'incoming' && pending > 0 ? `（${pending}个待接收）` : ''}</span> },
          { key: 'outgoing', label: <span data-testid="referral-tab-outgoing">本机构转出</span> },
        ]}
      />

      {list.error ? (
        <Alert
          type="error"
          showIcon
          message="转诊列表没有加载出来"
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
          <Empty data-testid="referral-empty" description={box === 'incoming' ? '还没有转入本机构的转诊' : '本机构还没有转出的转诊'} />
        </Card>
      ) : (
        <Table
          rowKey="id"
          size="middle"
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          columns={columns}
          dataSource={items}
          loading={list.loading}
          onRow={(r) => ({ 'data-testid': 'referral-row', 'data-referral-id': r.id, 'data-status': r.status }) as HTMLAttributes<HTMLElement>}
        />
      )}

      {creating && (
        <CreateReferralModal
          open
          patient={creating.patient}
          onClose={() => setCreating(null)}
          onCreated={() => {
            setCreating(null);
            setBox('outgoing');
            changed();
          }}
        />
      )}
      <ReferralDrawer referralId={openId} version={version} onClose={() => setOpenId(null)} />
      <DeclineReferralModal
        referral={declining}
        onClose={() => setDeclining(null)}
        onDone={() => {
          setDeclining(null);
          changed();
        }}
      />
      <ReturnReferralModal
        referral={returning}
        onClose={() => setReturning(null)}
        onDone={() => {
          setReturning(null);
          changed();
        }}
      />
      <BookReferralModal
        referral={booking}
        onClose={() => setBooking(null)}
        onDone={() => {
          setBooking(null);
          changed();
        }}
      />
    </Space>
  );
}
