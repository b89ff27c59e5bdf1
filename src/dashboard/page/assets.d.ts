// esbuild loads CSS files as text (loader '.css': 'text'); the page puts it in a <style>.
declare module '*.css' {
  const text: string;
  export default text;
}
