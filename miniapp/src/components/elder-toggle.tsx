import { Text, View } from '@tarojs/components';
import { useElderMode } from '../stores/elder-mode';
import { Switch } from './nutui';

/** The 关怀版 switch: the whole row is the tap target, the switch only shows the state. */
export function ElderToggle() {
  const [elder, setElder] = useElderMode();
  return (
    <View
      className={`elder-toggle${elder ? ' elder-toggle--on' : ''}`}
      data-testid="elder-toggle"
      aria-checked={elder}
      role="switch"
      onClick={() => setElder(!elder)}
    >
      <View className="elder-toggle__text">
        <Text className="elder-toggle__title">关怀版</Text>
        <Text className="elder-toggle__hint">{elder ? '字大、颜色深、按钮大' : '开启后字更大、看得更清楚'}</Text>
      </View>
      <Text className="elder-toggle__state">{elder ? '已开启' : '已关闭'}</Text>
      <Switch className="elder-toggle__switch" checked={elder} />
    </View>
  );
}
