/**
 * `npm start`: the lab (README "Lab") — YOUR to-do API (src/todos.ts) on YOUR framework, served
 * by YOUR gateway, routed by YOUR router, query parsed by YOUR URI parser (or the crutches
 * src/prereqs.ts points at), on http://127.0.0.1:8080/todos.
 *
 *   tsx bench/start.ts [--port 8080] [--cors https://app.example]
 */
import { parseArgs } from 'node:util';
import { serve } from '../src/prereqs.ts';
import { createTodoApi } from '../src/todos.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8080' },
    cors: { type: 'string', default: 'http://localhost:5173' },
  },
});

const server = serve(createTodoApi({ corsOrigin: values.cors }).gateway, {
  onError: (error) => console.error(error),
});
server.listen(Number(values.port), '127.0.0.1', () => {
  console.log(`to-do API on http://127.0.0.1:${values.port}/todos (CORS origin ${values.cors})`);
  console.log('Ctrl-C to stop. README "Lab" has the curl walk-through.');
});
