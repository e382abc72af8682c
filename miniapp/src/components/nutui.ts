/**
 * The NutUI React Taro components the app uses, each with its own stylesheet: the package
 * does not import styles by itself, and its full stylesheet (230 KB) would bloat the main package.
 */
import '@nutui/icons-react-taro/dist/style_icon.css';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/empty/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/loading/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/switch/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/tag/style/css';

export { Button, Empty, Loading, Switch, Tag } from '@nutui/nutui-react-taro';
