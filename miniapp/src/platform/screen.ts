import Taro from '@tarojs/taro';

const IS_H5 = process.env.TARO_ENV === 'h5';

/**
 * Full screen brightness while a code is shown for scanning (wx.setScreenBrightness); answers
 * how to put it back. A browser cannot change brightness: there the page asks the user instead.
 */
export async function brightenScreen(): Promise<(() => void) | null> {
  if (IS_H5) return null;
  try {
    const { value } = await Taro.getScreenBrightness();
    await Taro.setScreenBrightness({ value: 1 });
    return () => void Taro.setScreenBrightness({ value }).catch(() => {});
  } catch {
    return null;
  }
}
