import { Link } from 'react-router';

export default function NotFound() {
  return (
    <main className="host__main">
      <h1>Not found</h1>
      <p>
        <Link to="/">Back home</Link>
      </p>
    </main>
  );
}
