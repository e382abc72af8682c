import Taro from '@tarojs/taro';

/** Small, synchronous key-value storage: wx storage on weapp, localStorage on H5. */
export function readStored<T>(key: string): T | undefined {
  try {
    const value: unknown = Taro.getStorageSync(key);
    // Taro answers '' for a key that was never written.
    return value === '' || value === undefined || value === null ? undefined : (value as T);
  } catch {
    return undefined;
  }
}

export function writeStored<T>(key: string, value: T): void {
  try {
    Taro.setStorageSync(key, value);
  } catch {
    // Storage full or blocked (private browsing): the app still works for this session.
  }
}

export function removeStored(key: string): void {
  try {
    Taro.removeStorageSync(key);
  } catch {
    // Nothing to do: the key is gone or storage is unavailable.
  }
}
