"""heapq for the guest: the builtin's heappush/heappop/heapify plus heappushpop, heapreplace,
merge, nlargest, nsmallest (with key=)."""

from uheapq import heappush, heappop, heapify

__all__ = ["heappush", "heappop", "heapify", "heapreplace", "merge", "nlargest", "nsmallest", "heappushpop"]


def _siftdown(heap, startpos, pos):
    newitem = heap[pos]
    while pos > startpos:
        parentpos = (pos - 1) >> 1
        parent = heap[parentpos]
        if newitem < parent:
            heap[pos] = parent
            pos = parentpos
            continue
        break
    heap[pos] = newitem


def _siftup(heap, pos):
    endpos = len(heap)
    startpos = pos
    newitem = heap[pos]
    childpos = 2 * pos + 1
    while childpos < endpos:
        rightpos = childpos + 1
        if rightpos < endpos and not heap[childpos] < heap[rightpos]:
            childpos = rightpos
        heap[pos] = heap[childpos]
        pos = childpos
        childpos = 2 * pos + 1
    heap[pos] = newitem
    _siftdown(heap, startpos, pos)


def heapreplace(heap, item):
    if not heap:
        raise IndexError("index out of range")
    returnitem = heap[0]
    heap[0] = item
    _siftup(heap, 0)
    return returnitem


def heappushpop(heap, item):
    if heap and heap[0] < item:
        item, heap[0] = heap[0], item
        _siftup(heap, 0)
    return item


def _siftdown_max(heap, startpos, pos):
    newitem = heap[pos]
    while pos > startpos:
        parentpos = (pos - 1) >> 1
        parent = heap[parentpos]
        if parent < newitem:
            heap[pos] = parent
            pos = parentpos
            continue
        break
    heap[pos] = newitem


def _siftup_max(heap, pos):
    endpos = len(heap)
    startpos = pos
    newitem = heap[pos]
    childpos = 2 * pos + 1
    while childpos < endpos:
        rightpos = childpos + 1
        if rightpos < endpos and not heap[rightpos] < heap[childpos]:
            childpos = rightpos
        heap[pos] = heap[childpos]
        pos = childpos
        childpos = 2 * pos + 1
    heap[pos] = newitem
    _siftdown_max(heap, startpos, pos)


def _heapify_max(x):
    for i in reversed(range(len(x) // 2)):
        _siftup_max(x, i)


def _heappop_max(heap):
    lastelt = heap.pop()
    if heap:
        returnitem = heap[0]
        heap[0] = lastelt
        _siftup_max(heap, 0)
        return returnitem
    return lastelt


def merge(*iterables, key=None, reverse=False):
    its = [iter(it) for it in iterables]
    heads = []
    for idx, it in enumerate(its):
        for v in it:
            heads.append([v if key is None else key(v), idx, v])
            break
    while heads:
        best = 0
        for i in range(1, len(heads)):
            a, b = heads[i], heads[best]
            if (b[0] < a[0]) if reverse else (a[0] < b[0]):
                best = i
        h = heads[best]
        yield h[2]
        for v in its[h[1]]:
            h[0] = v if key is None else key(v)
            h[2] = v
            break
        else:
            del heads[best]


def _stable_sorted(items, key, reverse):
    # stable, like CPython's sorted (MicroPython's sort is not): ties keep input order
    dec = [(key(x) if key is not None else x, i, x) for i, x in enumerate(items)]
    if reverse:
        dec = _merge_sort(dec, lambda a, b: b[0] < a[0])
    else:
        dec = _merge_sort(dec, lambda a, b: a[0] < b[0])
    return [t[2] for t in dec]


def _merge_sort(a, less):
    if len(a) <= 1:
        return a
    mid = len(a) // 2
    left = _merge_sort(a[:mid], less)
    right = _merge_sort(a[mid:], less)
    out = []
    i = j = 0
    while i < len(left) and j < len(right):
        if less(right[j], left[i]):
            out.append(right[j])
            j += 1
        else:
            out.append(left[i])
            i += 1
    out.extend(left[i:])
    out.extend(right[j:])
    return out


def nsmallest(n, iterable, key=None):
    if n <= 0:
        return []
    return _stable_sorted(list(iterable), key, False)[:n]


def nlargest(n, iterable, key=None):
    if n <= 0:
        return []
    return _stable_sorted(list(iterable), key, True)[:n]
