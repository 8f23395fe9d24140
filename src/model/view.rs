//! Where the unit square of the layout lands on the canvas: the fitted square, zoomed and
//! panned. Pure, shared by drawing, hit-testing and the zoom / pan gestures.

/// Zoom and pan of the canvas view.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct View {
    /// Magnification, 1 (whole cluster) to [`MAX_ZOOM`].
    pub zoom: f64,
    /// The unit-square point at the centre of the canvas.
    pub center: (f64, f64),
}

/// Largest magnification (2,000 members on a ring are ~1 px apart unzoomed; at 40× they are
/// ~40 px apart).
pub const MAX_ZOOM: f64 = 64.0;

impl Default for View {
    fn default() -> Self {
        View {
            zoom: 1.0,
            center: (0.5, 0.5),
        }
    }
}

/// The geometry shared by drawing and hit-testing.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Viewport {
    /// Left edge of the (zoomed) unit square, CSS px.
    pub x0: f64,
    /// Top edge, CSS px.
    pub y0: f64,
    /// Side of the (zoomed) square, CSS px.
    pub size: f64,
}

impl Viewport {
    /// The largest centred square with a margin, unzoomed.
    pub fn fit(width: f64, height: f64) -> Viewport {
        Viewport::of(width, height, &View::default())
    }

    /// The fitted square, zoomed and panned by `view`.
    pub fn of(width: f64, height: f64, view: &View) -> Viewport {
        let base = (width.min(height) - 24.0).max(10.0);
        let size = base * view.zoom;
        Viewport {
            x0: width / 2.0 - view.center.0 * size,
            y0: height / 2.0 - view.center.1 * size,
            size,
        }
    }

    /// Canvas position of a unit-square point.
    pub fn to_px(&self, x: f64, y: f64) -> (f64, f64) {
        (self.x0 + x * self.size, self.y0 + y * self.size)
    }

    /// Unit-square position of a canvas point.
    pub fn from_px(&self, x: f64, y: f64) -> (f64, f64) {
        ((x - self.x0) / self.size, (y - self.y0) / self.size)
    }

    /// Node radius in px for `n` nodes (grows as the view zooms in).
    pub fn node_radius(&self, n: usize) -> f64 {
        (self.size * 1.1 / n.max(1) as f64).clamp(2.0, 13.0)
    }

    /// Above ~200 members a node is a few px: those not believed alive, and crashed ones, are
    /// drawn larger and on top, at this radius (px; the crash ring 2 px outside it), so that
    /// one crash among 2,000 stands out. None when nodes are drawn at their own size.
    pub fn enlarged_radius(&self, n: usize) -> Option<f64> {
        let r = self.node_radius(n);
        (n > 200 && r < 6.0).then(|| (r * 2.5).max(5.0))
    }
}

impl View {
    /// Zooms by `factor` keeping the unit point under the canvas point `(mx, my)` in place.
    pub fn zoom_at(&mut self, factor: f64, (mx, my): (f64, f64), width: f64, height: f64) {
        let before = Viewport::of(width, height, self);
        let (ux, uy) = before.from_px(mx, my);
        self.zoom = (self.zoom * factor).clamp(1.0, MAX_ZOOM);
        let size = Viewport::of(width, height, self).size;
        self.center = (
            ux - (mx - width / 2.0) / size,
            uy - (my - height / 2.0) / size,
        );
        self.clamp();
    }

    /// Moves the view by a drag of `(dx, dy)` CSS px.
    pub fn pan_by(&mut self, (dx, dy): (f64, f64), width: f64, height: f64) {
        let size = Viewport::of(width, height, self).size;
        self.center = (self.center.0 - dx / size, self.center.1 - dy / size);
        self.clamp();
    }

    /// Keeps the centre over the cluster (the unit square); back to the whole view at 1×.
    fn clamp(&mut self) {
        if self.zoom <= 1.0 {
            *self = View::default();
        } else {
            self.center = (self.center.0.clamp(0.0, 1.0), self.center.1.clamp(0.0, 1.0));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zooming_keeps_the_point_under_the_pointer_where_it_was() {
        let mut v = View::default();
        let (w, h, m) = (1000.0, 800.0, (700.0, 200.0));
        let under = Viewport::of(w, h, &v).from_px(m.0, m.1);
        v.zoom_at(8.0, m, w, h);
        assert_eq!(v.zoom, 8.0);
        let (x, y) = Viewport::of(w, h, &v).to_px(under.0, under.1);
        assert!((x - m.0).abs() < 1e-9 && (y - m.1).abs() < 1e-9, "{x} {y}");
        v.zoom_at(1.0 / 100.0, m, w, h);
        assert_eq!(v, View::default(), "zooming all the way out recentres");
    }

    #[test]
    fn panning_moves_the_picture_with_the_pointer() {
        let mut v = View::default();
        v.zoom_at(4.0, (500.0, 400.0), 1000.0, 800.0);
        let before = Viewport::of(1000.0, 800.0, &v).to_px(0.5, 0.5);
        v.pan_by((30.0, -10.0), 1000.0, 800.0);
        let after = Viewport::of(1000.0, 800.0, &v).to_px(0.5, 0.5);
        assert!(
            (after.0 - before.0 - 30.0).abs() < 1e-9 && (after.1 - before.1 + 10.0).abs() < 1e-9
        );
    }
}
