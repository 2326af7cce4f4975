import { render } from 'preact';

render(<main>Make It Right</main>, document.getElementById('app')!);
