// `npm run serve` in the repo: the CLI from source.
import { main } from './index';

void main(process.argv.slice(2));
