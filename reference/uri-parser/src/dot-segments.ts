/**
 * RFC 3986 §5.2.4 Remove Dot Segments, rule for rule. The input is read left to right with
 * an index instead of being cut down, and the output is a stack of the pieces rule E moved
 * ("/seg" or, at the very start, "seg"), so "remove the last segment and its preceding '/'"
 * is one pop.
 */
export function removeDotSegments(path: string): string {
  const output: string[] = [];
  let i = 0;
  while (i < path.length) {
    // A. If the input buffer begins with a prefix of "../" or "./", then remove that prefix
    //    from the input buffer; otherwise,
    if (path.startsWith('../', i)) i += 3;
    else if (path.startsWith('./', i)) i += 2;
    // B. if the input buffer begins with a prefix of "/./" or "/.", where "." is a complete
    //    path segment, then replace that prefix with "/"; otherwise,
    else if (path.startsWith('/./', i)) i += 2;
    else if (path.length - i === 2 && path.startsWith('/.', i)) {
      output.push('/');
      break;
    }
    // C. if the input buffer begins with a prefix of "/../" or "/..", where ".." is a complete
    //    path segment, then replace that prefix with "/" and remove the last segment and its
    //    preceding "/" (if any) from the output buffer; otherwise,
    else if (path.startsWith('/../', i)) {
      i += 3;
      output.pop();
    } else if (path.length - i === 3 && path.startsWith('/..', i)) {
      output.pop();
      output.push('/');
      break;
    }
    // D. if the input buffer consists only of "." or "..", then remove that from the input
    //    buffer; otherwise,
    else if (path.slice(i) === '.' || path.slice(i) === '..') break;
    // E. move the first path segment in the input buffer to the end of the output buffer,
    //    including the initial "/" character (if any) and any subsequent characters up to,
    //    but not including, the next "/"; the next "/" stays in the input buffer.
    else {
      const next = path.indexOf('/', i + 1);
      const end = next === -1 ? path.length : next;
      output.push(path.slice(i, end));
      i = end;
    }
  }
  return output.join('');
}

/**
 * remove_dot_segments for a path that is about to be recomposed. When there is no authority,
 * a result starting with "//" would be read back as one ("a:/.//b" → "a://b" names host "b"),
 * so it gets a "/." prefix, as the WHATWG URL Standard does: "a:/.//b" stays "a:/.//b".
 */
export function cleanPath(path: string, hasAuthority: boolean): string {
  const clean = removeDotSegments(path);
  return !hasAuthority && clean.startsWith('//') ? `/.${clean}` : clean;
}
