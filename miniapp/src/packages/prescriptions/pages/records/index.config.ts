export default definePageConfig({
  navigationBarTitleText: '续方和取药记录',
});
